package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.ticket.PublishCredential;
import io.dejavu.protocol.ticket.PublishCredentials;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import io.dejavu.testing.postgres.Backend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A user publishes a new version of their own model with a publish credential that signaling issued
 * to them for their own name, bound to their client's key (ADR 0308), and can do nothing else with
 * it. Real signaling and store servers on random ports sharing the ticket secret; Alice's key is the
 * one her signaling client sent in its hello.
 */
class SelfPublishTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private static final long LIMIT = 256 * 1024;
    private static final int PER_HOUR = 3;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private CallSetup calls;
    private StoreFixture store;
    private TicketKey aliceKey;
    private String credential;

    @BeforeEach
    void start() throws Exception {
        calls = new CallSetup();
        store = new StoreFixture(b ->
                b.signaling(calls.httpBase()).maxBundleBytes(LIMIT).selfPublishLimit(PER_HOUR, Duration.ofHours(1)));
        aliceKey = calls.alice.ticketKey();
        credential = PublishCredentials.obtain(http, calls.signaling.uri(), calls.aliceToken, aliceKey, patience());
    }

    @AfterEach
    void stop() {
        store.close();
        calls.close();
    }

    @Test
    void aUserPublishesTheirOwnModelAndTheCalleeDownloadsIt() throws Exception {
        assertEquals(
                201,
                store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode());
        ModelBundle mine = TestModels.random("alice", 2);
        Instant before = Instant.now();

        ModelVersion v;
        try (ModelStoreClient client = store.client()) {
            v = client.publishOwn(mine, Credential.publish(credential, aliceKey));
        }

        assertEquals(2, v.version(), "numbered after the admin's v1, without a gap");
        assertTrue(v.active());
        assertEquals("alice", v.publishedBy());
        assertFalse(v.uploadedAt().isBefore(before.minusSeconds(1)));
        try (ModelStoreClient admin = store.client()) {
            List<ModelVersion> versions = admin.versions("alice", StoreFixture.ADMIN);
            assertNull(versions.get(0).publishedBy(), "the admin's upload is not self-published");
            assertEquals("alice", versions.get(1).publishedBy());
        }
        // Bob, in a call with Alice, gets the version she published with his call ticket.
        String ticket = calls.call().ticket();
        try (ModelStoreClient bob = store.client()) {
            FetchedModel m = bob.fetch("alice", Credential.ticket(ticket, "bob", calls.bob.ticketKey()));
            assertEquals(FetchedModel.Kind.PERSONAL, m.kind());
            assertEquals(mine.sha256(), m.sha256());
        }
    }

    @Test
    void publishingForAnotherUserIsForbidden() throws Exception {
        HttpResponse<byte[]> resp = publish("bob", TestModels.random("bob", 1).toZip(), credential, aliceKey);

        assertStatus(403, resp, "publishes only their own model, not the model of 'bob'");
        try (ModelStoreClient client = store.client()) {
            ModelStoreException e = assertThrows(
                    ModelStoreException.class,
                    () -> client.publishOwn(TestModels.random("bob", 1), Credential.publish(credential, aliceKey)));
            assertEquals(ModelStoreException.Reason.FORBIDDEN, e.reason());
        }
    }

    @Test
    void aCallTicketCannotPublish() throws Exception {
        String ticket = calls.call().ticket();
        TicketKey bobKey = calls.bob.ticketKey();
        byte[] zip = TestModels.random("bob", 1).toZip();
        String path = StoreProtocol.versionsPath("bob");

        HttpResponse<byte[]> asTicket = store.send(store.request(path)
                .header("Authorization", "Ticket " + ticket)
                .header(StoreProtocol.HEADER_REQUESTER, "bob")
                .header(StoreProtocol.HEADER_TICKET_PROOF, bobKey.prove("POST", path, ticket, Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
        assertStatus(403, asTicket, "needs the admin token; a call ticket only downloads");

        HttpResponse<byte[]> asCredential = publish("bob", zip, ticket, bobKey);
        assertStatus(401, asCredential, "publish credential refused: publish credential signature does not match");
    }

    @Test
    void aPublishCredentialIsNotACallTicketAndDownloadsNoOneElsesModel() throws Exception {
        assertEquals(
                201, store.upload("bob", TestModels.random("bob", 1).toZip()).statusCode());
        String path = StoreProtocol.modelPath("bob");
        HttpResponse<byte[]> resp = store.send(store.request(path)
                .header("Authorization", "Publish " + credential)
                .header(StoreProtocol.HEADER_TICKET_PROOF, aliceKey.prove("GET", path, credential, Instant.now()))
                .GET());
        assertStatus(403, resp, "downloads only their own model, not the model of 'bob'");
        HttpResponse<byte[]> asTicket = store.send(store.request(path)
                .header("Authorization", "Ticket " + credential)
                .header(StoreProtocol.HEADER_REQUESTER, "alice")
                .header(StoreProtocol.HEADER_TICKET_PROOF, aliceKey.prove("GET", path, credential, Instant.now()))
                .GET());
        assertStatus(401, asTicket, "call ticket refused");
        HttpResponse<byte[]> rollback = store.send(store.request(StoreProtocol.activePath("alice"))
                .header("Authorization", "Publish " + credential)
                .header(
                        StoreProtocol.HEADER_TICKET_PROOF,
                        aliceKey.prove("PUT", StoreProtocol.activePath("alice"), credential, Instant.now()))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":1}")));
        assertStatus(403, rollback, "activating a version needs the admin token");
    }

    @Test
    void aCredentialWithoutItsKeysProofIsRefused() throws Exception {
        byte[] zip = TestModels.random("alice", 1).toZip();
        String path = StoreProtocol.versionsPath("alice");

        HttpResponse<byte[]> none = store.send(store.request(path)
                .header("Authorization", "Publish " + credential)
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
        assertStatus(401, none, "must come with a " + StoreProtocol.HEADER_TICKET_PROOF + " header");

        HttpResponse<byte[]> otherKey = publish("alice", zip, credential, TicketKey.generate());
        assertStatus(401, otherKey, "signed by a key other than the one the ticket is bound to");

        HttpRequest.Builder honest = store.request(path)
                .header("Authorization", "Publish " + credential)
                .header(StoreProtocol.HEADER_TICKET_PROOF, aliceKey.prove("POST", path, credential, Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip));
        assertEquals(201, store.send(honest).statusCode());
        assertStatus(401, store.send(honest), "the proof was used before");

        String stale = aliceKey.prove("POST", path, credential, Instant.now().minusSeconds(120));
        HttpResponse<byte[]> old = store.send(store.request(path)
                .header("Authorization", "Publish " + credential)
                .header(StoreProtocol.HEADER_TICKET_PROOF, stale)
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
        assertStatus(401, old, "more than 30 s from");
    }

    @Test
    void signalingIssuesCredentialsOnlyForTheTokensOwnUserAndKey() throws Exception {
        IOException badToken = assertThrows(
                IOException.class,
                () -> PublishCredentials.obtain(
                        http, calls.signaling.uri(), calls.aliceToken + "x", aliceKey, patience()));
        assertTrue(badToken.getMessage().contains("(401)"), badToken.getMessage());

        HttpResponse<String> noProof = http.send(
                HttpRequest.newBuilder(URI.create(calls.httpBase() + PublishCredential.ISSUE_ROUTE))
                        .header("Authorization", "Bearer " + calls.bobToken)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noProof.statusCode(), noProof.body());
        assertTrue(noProof.body().contains("key proof refused"), noProof.body());

        // Bob's credential publishes Bob's model, and Alice's key cannot use it.
        TicketKey bobKey = calls.bob.ticketKey();
        String bobs = PublishCredentials.obtain(http, calls.httpBase(), calls.bobToken, bobKey, patience());
        assertStatus(401, publish("bob", TestModels.random("bob", 1).toZip(), bobs, aliceKey), "other than");
        assertEquals(
                201,
                publish("bob", TestModels.random("bob", 1).toZip(), bobs, bobKey)
                        .statusCode());
    }

    @Test
    void aRevokedUsersCredentialStopsPublishingAtOnce() throws Exception {
        assertEquals(
                201,
                publish("alice", TestModels.random("alice", 1).toZip(), credential, aliceKey)
                        .statusCode());

        calls.signaling.users().revoke("alice");

        HttpResponse<byte[]> resp =
                publish("alice", TestModels.random("alice", 2).toZip(), credential, aliceKey);
        assertStatus(401, resp, "publish credential refused: alice has been revoked");
        IOException e = assertThrows(
                IOException.class,
                () -> PublishCredentials.obtain(http, calls.httpBase(), calls.aliceToken, aliceKey, patience()));
        assertTrue(e.getMessage().contains("(401)"), e.getMessage());
    }

    @Test
    void withoutSignalingToAskTheStoreRefusesSelfPublishing() throws Exception {
        calls.signaling.close();

        HttpResponse<byte[]> resp =
                publish("alice", TestModels.random("alice", 1).toZip(), credential, aliceKey);

        assertStatus(503, resp, "cannot check the publish credential now");
    }

    @Test
    void selfPublishingPastTheHourlyLimitIs429() throws Exception {
        try (ModelStoreClient client = store.client()) {
            Credential.Publish mine = Credential.publish(credential, aliceKey);
            for (int i = 1; i <= PER_HOUR; i++) {
                assertEquals(
                        i,
                        client.publishOwn(TestModels.random("alice", i), mine).version());
            }
            // The admin's uploads do not count against Alice's allowance.
            assertEquals(
                    201,
                    store.upload("alice", TestModels.random("alice", 10).toZip())
                            .statusCode());

            ModelStoreException e = assertThrows(
                    ModelStoreException.class, () -> client.publishOwn(TestModels.random("alice", 11), mine));
            assertEquals(ModelStoreException.Reason.RATE_LIMITED, e.reason());
            assertEquals(429, e.status());
            assertTrue(e.getMessage().contains("already published 3 versions of their own model"), e.getMessage());
            assertEquals(
                    PER_HOUR + 1, client.versions("alice", StoreFixture.ADMIN).size());
        }
    }

    /**
     * With a limit of one, uploads sent at once all pass the early check before any is stored; the
     * count inside the publish transaction, under the caller's lock, lets exactly one through.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentSelfPublishesNeverPassTheLimitTogether(Backend backend) throws Exception {
        java.nio.file.Path dir = StoreFixture.newDir("self-publish-" + backend);
        int uploads = 6;
        try (StoreFixture own = new StoreFixture(PG.database(backend, dir), dir, b -> b.signaling(calls.httpBase())
                .selfPublishLimit(1, Duration.ofHours(1)))) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(uploads);
            try {
                List<java.util.concurrent.Future<HttpResponse<byte[]>>> sent = new java.util.ArrayList<>();
                for (int i = 0; i < uploads; i++) {
                    byte[] zip = TestModels.random("alice", 100 + i).toZip();
                    sent.add(pool.submit(() -> {
                        String path = StoreProtocol.versionsPath("alice");
                        return own.send(own.request(path)
                                .header("Authorization", "Publish " + credential)
                                .header("Content-Type", StoreProtocol.BUNDLE_MEDIA_TYPE)
                                .header(
                                        StoreProtocol.HEADER_TICKET_PROOF,
                                        aliceKey.prove("POST", path, credential, Instant.now()))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
                    }));
                }
                int created = 0;
                int limited = 0;
                for (var f : sent) {
                    int status = f.get().statusCode();
                    created += status == 201 ? 1 : 0;
                    limited += status == 429 ? 1 : 0;
                }
                assertEquals(1, created, "exactly the limit gets through");
                assertEquals(uploads - 1, limited, "the rest are refused with 429");
                try (ModelStoreClient admin = own.client()) {
                    List<ModelVersion> versions = admin.versions("alice", StoreFixture.ADMIN);
                    assertEquals(
                            List.of(1),
                            versions.stream().map(ModelVersion::version).toList());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anOversizeBundleIs413() throws Exception {
        byte[] huge = new byte[(int) LIMIT + 1];

        HttpResponse<byte[]> resp = publish("alice", huge, credential, aliceKey);

        assertStatus(413, resp, "over the limit of " + LIMIT + " bytes");
    }

    @Test
    void anInvalidBundleIsRefusedAsForTheAdmin() throws Exception {
        byte[] zip = "not a bundle".getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> resp = publish("alice", zip, credential, aliceKey);

        assertEquals(400, resp.statusCode(), () -> new String(resp.body(), StandardCharsets.UTF_8));
    }

    @Test
    void theAdminStillRollsBackAndDeletesASelfPublishedVersion() throws Exception {
        try (ModelStoreClient client = store.client()) {
            Credential.Publish mine = Credential.publish(credential, aliceKey);
            client.publishOwn(TestModels.random("alice", 1), mine);
            ModelVersion bad = client.publishOwn(TestModels.random("alice", 2), mine);
            assertTrue(bad.active());

            ModelVersion rolledBack = client.activate("alice", 1, StoreFixture.ADMIN);
            assertEquals(1, rolledBack.version());
            assertEquals("alice", rolledBack.publishedBy());
            assertEquals(1, client.active("alice", StoreFixture.ADMIN).version());

            client.delete("alice", 2, StoreFixture.ADMIN);
            assertEquals(1, client.versions("alice", StoreFixture.ADMIN).size());
            assertEquals(
                    3, client.publishOwn(TestModels.random("alice", 3), mine).version(), "no number reused");
        }
    }

    /** A raw self-publish of {@code zip} for {@code caller} with {@code token} and a fresh proof by {@code key}. */
    private HttpResponse<byte[]> publish(String caller, byte[] zip, String token, TicketKey key) throws Exception {
        String path = StoreProtocol.versionsPath(caller);
        return store.send(store.request(path)
                .header("Authorization", "Publish " + token)
                .header("Content-Type", StoreProtocol.BUNDLE_MEDIA_TYPE)
                .header(StoreProtocol.HEADER_TICKET_PROOF, key.prove("POST", path, token, Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
    }

    private static void assertStatus(int status, HttpResponse<byte[]> resp, String reason) throws Exception {
        String body = new String(resp.body(), StandardCharsets.UTF_8);
        assertEquals(status, resp.statusCode(), body);
        String error = StoreApiTest.error(resp);
        assertTrue(error.contains(reason), error);
        assertFalse(error.contains("\n"), "one line: " + error);
    }

    private static Duration patience() {
        return Duration.ofSeconds(10);
    }
}
