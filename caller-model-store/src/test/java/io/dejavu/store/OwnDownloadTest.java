package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.ticket.PublishCredential;
import io.dejavu.protocol.ticket.PublishCredentials;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import io.dejavu.testing.postgres.Backend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With their publish credential (ADR 0308, second amendment) a user downloads their own model, the
 * active version or a given one, so their app's learning starts from the model an admin trained for
 * them: the same bytes a call ticket gets, verified the same way; never another user's model, never
 * the generic one in its place, never with an expired or revoked credential. Real signaling and
 * store servers on random ports, on SQLite and PostgreSQL.
 */
class OwnDownloadTest {
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
        Path dir = StoreFixture.newDir("own-download-" + backend);
        return new StoreFixture(PG.database(backend, dir), dir, b -> b.signaling(calls.httpBase()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aUserFetchesTheModelAnAdminPublishedForThemAsACallTicketGetsIt(Backend backend) throws Exception {
        try (StoreFixture store = store(backend);
                ModelStoreClient client = store.client()) {
            ModelBundle admins = TestModels.random("alice", 1);
            assertEquals(201, store.upload("alice", admins.toZip()).statusCode());

            FetchedModel own = client.fetchOwn("alice", alice);

            assertEquals(FetchedModel.Kind.PERSONAL, own.kind());
            assertEquals(1, own.version());
            assertEquals(admins.sha256(), own.sha256());
            assertEquals(FetchedModel.Origin.DOWNLOADED, own.origin());
            String ticket = calls.call().ticket();
            try (ModelStoreClient bobs = store.client()) {
                FetchedModel peer = bobs.fetch("alice", Credential.ticket(ticket, "bob", calls.bob.ticketKey()));
                assertEquals(peer.sha256(), own.sha256(), "the bundle a call ticket gets");
                assertArrayEquals(Files.readAllBytes(peer.enhancerOnnx()), Files.readAllBytes(own.enhancerOnnx()));
            }
        }
    }

    @Test
    void anUnchangedOwnModelIsNotDownloadedAgainAndANewVersionIs() throws Exception {
        try (StoreFixture store = store(Backend.SQLITE);
                ModelStoreClient client = store.client()) {
            assertEquals(
                    201,
                    store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode());
            client.fetchOwn("alice", alice);

            FetchedModel again = client.fetchOwn("alice", alice);
            assertEquals(FetchedModel.Origin.CACHE_CURRENT, again.origin());
            assertEquals(0, again.bytesDownloaded());

            ModelBundle second = TestModels.random("alice", 2);
            assertEquals(201, store.upload("alice", second.toZip()).statusCode());
            FetchedModel newer = client.fetchOwn("alice", alice);
            assertEquals(2, newer.version());
            assertEquals(second.sha256(), newer.sha256());
            assertEquals(FetchedModel.Origin.DOWNLOADED, newer.origin());
        }
    }

    /** Unlike a call ticket, which opens only the active version, its owner reads any version of their own. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aUserDownloadsAGivenVersionOfTheirOwnEvenOneNotActive(Backend backend) throws Exception {
        try (StoreFixture store = store(backend);
                ModelStoreClient client = store.client()) {
            ModelBundle first = TestModels.random("alice", 1);
            assertEquals(201, store.upload("alice", first.toZip()).statusCode());
            ModelBundle staged = TestModels.random("alice", 2);
            client.upload(staged, StoreFixture.ADMIN, false);

            assertEquals(first.sha256(), client.download("alice", 1, alice).sha256());
            assertEquals(staged.sha256(), client.download("alice", 2, alice).sha256());
            assertEquals(1, client.fetchOwn("alice", alice).version(), "the active one is still v1");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anotherUsersModelAndTheGenericModelAreForbidden(Backend backend) throws Exception {
        try (StoreFixture store = store(backend);
                ModelStoreClient client = store.client()) {
            assertEquals(
                    201,
                    store.upload("bob", TestModels.random("bob", 1).toZip()).statusCode());
            assertEquals(
                    201,
                    store.upload(
                                    ModelMetadata.GENERIC_CALLER,
                                    TestModels.random(ModelMetadata.GENERIC_CALLER, 2)
                                            .toZip())
                            .statusCode());

            for (String path : new String[] {
                StoreProtocol.modelPath("bob"),
                StoreProtocol.versionPath("bob", 1),
                StoreProtocol.modelPath(ModelMetadata.GENERIC_CALLER)
            }) {
                assertStatus(403, get(store, path, credential, aliceKey), "downloads only their own model");
            }
            ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.fetchOwn("bob", alice));
            assertEquals(ModelStoreException.Reason.FORBIDDEN, e.reason());
            e = assertThrows(ModelStoreException.class, () -> client.download("bob", 1, alice));
            assertEquals(ModelStoreException.Reason.FORBIDDEN, e.reason());
        }
    }

    /** The generic model in its place would be taken for hers: a user without a model gets 404. */
    @Test
    void aUserWithoutAModelGetsNoneNotTheGenericOne() throws Exception {
        try (StoreFixture store = store(Backend.SQLITE);
                ModelStoreClient client = store.client()) {
            assertEquals(
                    201,
                    store.upload(
                                    ModelMetadata.GENERIC_CALLER,
                                    TestModels.random(ModelMetadata.GENERIC_CALLER, 1)
                                            .toZip())
                            .statusCode());

            ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.fetchOwn("alice", alice));

            assertEquals(ModelStoreException.Reason.NOT_FOUND, e.reason());
            String path = StoreProtocol.modelPath("alice") + "?fallback=true";
            assertStatus(404, get(store, path, credential, aliceKey), "'alice' has no active model");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anExpiredCredentialDownloadsNothing(Backend backend) throws Exception {
        try (StoreFixture store = store(backend)) {
            assertEquals(
                    201,
                    store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode());
            String expired = StoreFixture.SIGNER
                    .publishSigner()
                    .sign(new PublishCredential(
                            "alice",
                            PublishCredential.SCOPE,
                            Instant.ofEpochSecond(Instant.now().getEpochSecond() - 1),
                            aliceKey.thumbprint()));

            assertStatus(
                    401,
                    get(store, StoreProtocol.modelPath("alice"), expired, aliceKey),
                    "publish credential refused: publish credential expired");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRevokedUsersCredentialStopsDownloadingAtOnce(Backend backend) throws Exception {
        try (StoreFixture store = store(backend);
                ModelStoreClient client = store.client()) {
            assertEquals(
                    201,
                    store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode());
            assertEquals(1, client.fetchOwn("alice", alice).version());

            calls.signaling.users().revoke("alice");

            assertStatus(
                    401,
                    get(store, StoreProtocol.modelPath("alice"), credential, aliceKey),
                    "publish credential refused: alice has been revoked");
            assertStatus(
                    401,
                    get(store, StoreProtocol.versionPath("alice", 1), credential, aliceKey),
                    "alice has been revoked");
        }
    }

    @Test
    void downloadingNeedsAFreshProofByTheCredentialsKey() throws Exception {
        try (StoreFixture store = store(Backend.SQLITE)) {
            assertEquals(
                    201,
                    store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode());
            String path = StoreProtocol.modelPath("alice");

            HttpResponse<byte[]> none =
                    store.send(store.request(path).header("Authorization", "Publish " + credential));
            assertStatus(401, none, "must come with a " + StoreProtocol.HEADER_TICKET_PROOF + " header");
            assertStatus(401, get(store, path, credential, TicketKey.generate()), "other than");
            assertEquals(200, get(store, path, credential, aliceKey).statusCode());
        }
    }

    private static HttpResponse<byte[]> get(StoreFixture store, String path, String token, TicketKey key)
            throws Exception {
        String proofPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return store.send(store.request(path)
                .header("Authorization", "Publish " + token)
                .header(StoreProtocol.HEADER_TICKET_PROOF, key.prove("GET", proofPath, token, Instant.now()))
                .GET());
    }

    private static void assertStatus(int status, HttpResponse<byte[]> resp, String reason) throws Exception {
        assertEquals(status, resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8));
        String error = StoreApiTest.error(resp);
        assertTrue(error.contains(reason), error);
        assertFalse(error.contains("\n"), "one line: " + error);
    }
}
