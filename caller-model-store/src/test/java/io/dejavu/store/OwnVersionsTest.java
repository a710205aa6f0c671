package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.ticket.PublishCredentials;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import io.dejavu.testing.postgres.Backend;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * With their publish credential (ADR 0308 and its amendment) a user lists their own model's versions
 * (metadata only) and deletes the versions they published themselves: never the admin's, never
 * another user's, and nothing without a fresh proof by the credential's key. Real signaling and
 * store servers on random ports; deletion on SQLite and PostgreSQL.
 */
class OwnVersionsTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private CallSetup calls;
    private TicketKey aliceKey;
    private String credential;
    private Credential.Publish alice;

    @BeforeEach
    void start() throws Exception {
        calls = new CallSetup();
        aliceKey = calls.alice.ticketKey();
        credential = PublishCredentials.obtain(
                http, calls.signaling.uri(), calls.aliceToken, aliceKey, Duration.ofSeconds(10));
        alice = Credential.publish(credential, aliceKey);
    }

    @AfterEach
    void stop() {
        calls.close();
    }

    private StoreFixture store(Backend backend) throws Exception {
        Path dir = StoreFixture.newDir("own-versions-" + backend);
        return new StoreFixture(PG.database(backend, dir), dir, b -> b.signaling(calls.httpBase()));
    }

    @Test
    void aUserListsTheirOwnVersionsWithWhoPublishedEach() throws Exception {
        try (StoreFixture store = store(Backend.SQLITE);
                ModelStoreClient client = store.client()) {
            assertEquals(List.of(), client.listOwn("alice", alice), "none yet is an empty list, not an error");
            assertEquals(
                    201,
                    store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode());
            client.publishOwn(TestModels.random("alice", 2), alice);

            List<ModelVersion> mine = client.listOwn("alice", alice);

            assertEquals(List.of(1, 2), mine.stream().map(ModelVersion::version).toList());
            assertNull(mine.get(0).publishedBy(), "the admin's");
            assertEquals("alice", mine.get(1).publishedBy());
            assertTrue(mine.get(1).active());
        }
    }

    @Test
    void anotherUsersVersionsAreNotListed() throws Exception {
        try (StoreFixture store = store(Backend.SQLITE);
                ModelStoreClient client = store.client()) {
            assertEquals(
                    201,
                    store.upload("bob", TestModels.random("bob", 1).toZip()).statusCode());

            ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.listOwn("bob", alice));

            assertEquals(ModelStoreException.Reason.FORBIDDEN, e.reason());
            assertTrue(e.getMessage().contains("only on their own model, not on the model of 'bob'"), e.getMessage());
        }
    }

    /** Deleting her active self-published version brings back the admin's version, not the generic model. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aUserDeletesTheVersionsTheyPublishedAndTheAdminsComesBack(Backend backend) throws Exception {
        try (StoreFixture store = store(backend);
                ModelStoreClient client = store.client()) {
            ModelBundle admins = TestModels.random("alice", 1);
            assertEquals(201, store.upload("alice", admins.toZip()).statusCode());
            client.publishOwn(TestModels.random("alice", 2), alice);
            client.publishOwn(TestModels.random("alice", 3), alice);

            assertTrue(client.deleteOwn("alice", 3, alice));
            assertTrue(client.deleteOwn("alice", 2, alice));
            assertFalse(client.deleteOwn("alice", 2, alice), "deleted already");

            List<ModelVersion> left = client.versions("alice", StoreFixture.ADMIN);
            assertEquals(List.of(1), left.stream().map(ModelVersion::version).toList());
            assertTrue(left.get(0).active(), "the newest remaining version took over");
            String ticket = calls.call().ticket();
            FetchedModel m = client.fetch("alice", Credential.ticket(ticket, "bob", calls.bob.ticketKey()));
            assertEquals(FetchedModel.Kind.PERSONAL, m.kind());
            assertEquals(admins.sha256(), m.sha256());
            assertEquals(
                    4, client.publishOwn(TestModels.random("alice", 4), alice).version(), "no number reused");
        }
    }

    /** Deleting one's own versions frees no self-publish slot: the hourly limit still bounds writes. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void deletingOwnVersionsDoesNotResetTheHourlyLimit(Backend backend) throws Exception {
        Path dir = StoreFixture.newDir("own-limit-" + backend);
        try (StoreFixture store = new StoreFixture(PG.database(backend, dir), dir, b -> b.signaling(calls.httpBase())
                        .selfPublishLimit(2, Duration.ofHours(1)));
                ModelStoreClient client = store.client()) {
            for (int i = 1; i <= 2; i++) {
                int v = client.publishOwn(TestModels.random("alice", i), alice).version();
                assertTrue(client.deleteOwn("alice", v, alice));
            }

            ModelStoreException e = assertThrows(
                    ModelStoreException.class, () -> client.publishOwn(TestModels.random("alice", 3), alice));

            assertEquals(ModelStoreException.Reason.RATE_LIMITED, e.reason());
            assertTrue(e.getMessage().contains("already published 2 versions"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anAdminVersionCannotBeDeletedWithAPublishCredential(Backend backend) throws Exception {
        try (StoreFixture store = store(backend)) {
            assertEquals(
                    201,
                    store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode());

            HttpResponse<byte[]> resp = delete("alice", 1, credential, aliceKey, store);

            assertStatus(403, resp, "v1 of 'alice' was published by the admin");
            try (ModelStoreClient client = store.client()) {
                assertEquals(1, client.versions("alice", StoreFixture.ADMIN).size(), "still there");
                ModelStoreException e =
                        assertThrows(ModelStoreException.class, () -> client.deleteOwn("alice", 1, alice));
                assertEquals(ModelStoreException.Reason.FORBIDDEN, e.reason());
            }
        }
    }

    @Test
    void anotherUsersVersionCannotBeDeleted() throws Exception {
        try (StoreFixture store = store(Backend.SQLITE)) {
            TicketKey bobKey = calls.bob.ticketKey();
            String bobs = PublishCredentials.obtain(
                    http, calls.signaling.uri(), calls.bobToken, bobKey, Duration.ofSeconds(10));
            try (ModelStoreClient client = store.client()) {
                client.publishOwn(TestModels.random("bob", 1), Credential.publish(bobs, bobKey));
            }

            HttpResponse<byte[]> resp = delete("bob", 1, credential, aliceKey, store);

            assertStatus(403, resp, "only on their own model, not on the model of 'bob'");
            try (ModelStoreClient client = store.client()) {
                assertEquals(1, client.versions("bob", StoreFixture.ADMIN).size(), "still there");
            }
        }
    }

    @Test
    void deletingNeedsAFreshProofByTheCredentialsKey() throws Exception {
        try (StoreFixture store = store(Backend.SQLITE)) {
            try (ModelStoreClient client = store.client()) {
                client.publishOwn(TestModels.random("alice", 1), alice);
            }
            String path = StoreProtocol.versionPath("alice", 1);

            HttpResponse<byte[]> none = store.send(store.request(path)
                    .header("Authorization", "Publish " + credential)
                    .DELETE());
            assertStatus(401, none, "must come with a " + StoreProtocol.HEADER_TICKET_PROOF + " header");
            assertStatus(401, delete("alice", 1, credential, TicketKey.generate(), store), "other than");
            String forUpload = aliceKey.prove("POST", StoreProtocol.versionsPath("alice"), credential, Instant.now());
            HttpResponse<byte[]> wrongRequest = store.send(store.request(path)
                    .header("Authorization", "Publish " + credential)
                    .header(StoreProtocol.HEADER_TICKET_PROOF, forUpload)
                    .DELETE());
            assertStatus(401, wrongRequest, "publish credential refused");

            HttpRequest.Builder honest = store.request(path)
                    .header("Authorization", "Publish " + credential)
                    .header(
                            StoreProtocol.HEADER_TICKET_PROOF,
                            aliceKey.prove("DELETE", path, credential, Instant.now()))
                    .DELETE();
            assertEquals(204, store.send(honest).statusCode());
            assertStatus(401, store.send(honest), "the proof was used before");
        }
    }

    @Test
    void aCallTicketNeitherListsNorDeletes() throws Exception {
        try (StoreFixture store = store(Backend.SQLITE)) {
            try (ModelStoreClient client = store.client()) {
                client.publishOwn(TestModels.random("alice", 1), alice);
            }
            String ticket = calls.call().ticket(); // bob's ticket for alice's model
            TicketKey bobKey = calls.bob.ticketKey();
            for (String method : List.of("GET", "DELETE")) {
                String path = method.equals("GET")
                        ? StoreProtocol.versionsPath("alice")
                        : StoreProtocol.versionPath("alice", 1);
                HttpResponse<byte[]> resp = store.send(store.request(path)
                        .header("Authorization", "Ticket " + ticket)
                        .header(StoreProtocol.HEADER_REQUESTER, "bob")
                        .header(StoreProtocol.HEADER_TICKET_PROOF, bobKey.prove(method, path, ticket, Instant.now()))
                        .method(method, HttpRequest.BodyPublishers.noBody()));
                assertStatus(403, resp, "needs the admin token; a call ticket only downloads");
            }
        }
    }

    private static HttpResponse<byte[]> delete(
            String caller, int version, String token, TicketKey key, StoreFixture store) throws Exception {
        String path = StoreProtocol.versionPath(caller, version);
        return store.send(store.request(path)
                .header("Authorization", "Publish " + token)
                .header(StoreProtocol.HEADER_TICKET_PROOF, key.prove("DELETE", path, token, Instant.now()))
                .DELETE());
    }

    private static void assertStatus(int status, HttpResponse<byte[]> resp, String reason) throws Exception {
        assertEquals(status, resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8));
        String error = StoreApiTest.error(resp);
        assertTrue(error.contains(reason), error);
        assertFalse(error.contains("\n"), "one line: " + error);
    }
}
