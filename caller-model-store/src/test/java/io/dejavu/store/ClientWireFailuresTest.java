package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dejavu.protocol.Json;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the client does when the store misbehaves on the wire: a real HTTP server on a random port
 * that answers from a script, since the real store never sends a wrong checksum or a proxy's page.
 */
class ClientWireFailuresTest {
    private static final Credential BOB_FOR_ALICE = Credential.ticket("ticket-for-bob", "bob", StoreFixture.KEY);
    private static final ModelBundle ALICE_V1 = TestModels.random("alice", 1);
    private static final String NOT_ITS_SHA = "0".repeat(64);

    private ScriptedStore store;
    private Path cache;
    private ModelStoreClient client;

    @BeforeEach
    void start() throws Exception {
        store = new ScriptedStore();
        cache = StoreFixture.newDir("wire-cache");
        client = ModelStoreClient.builder(store.uri())
                .cacheDir(cache)
                .retries(1)
                .retryBackoff(Duration.ofMillis(5))
                .maxBundleBytes(ALICE_V1.zipSize() * 4L)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    @Test
    void aBundleThatDoesNotMatchItsAnnouncedSha256IsCorruptAndNotCached() throws Exception {
        store.answer(bundle(ALICE_V1, NOT_ITS_SHA, "1"));
        store.answer(bundle(ALICE_V1, NOT_ITS_SHA, "1"));

        ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.fetch("alice", BOB_FOR_ALICE));

        assertEquals(ModelStoreException.Reason.CORRUPT, e.reason());
        assertEquals(
                "model of 'alice' arrived with sha256 " + ALICE_V1.sha256() + " but the store announced " + NOT_ITS_SHA,
                e.getMessage());
        assertEquals(2, store.requests().size(), "one retry");
        assertFalse(Files.exists(cache.resolve("alice").resolve(ALICE_V1.sha256())));
    }

    @Test
    void afterACorruptDownloadTheRetryAsksForTheWholeBundleAndIsNotAnsweredFromTheCache() throws Exception {
        ModelBundle v2 = TestModels.random("alice", 2);
        store.answer(bundle(ALICE_V1, ALICE_V1.sha256(), "1"));
        client.fetch("alice", BOB_FOR_ALICE);
        store.answer(bundle(v2, NOT_ITS_SHA, "2"));
        store.answer(bundle(v2, NOT_ITS_SHA, "2"));

        ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.fetch("alice", BOB_FOR_ALICE));

        assertEquals(ModelStoreException.Reason.CORRUPT, e.reason());
        List<Request> seen = store.requests();
        assertEquals("\"" + ALICE_V1.sha256() + "\"", seen.get(1).ifNoneMatch());
        assertEquals("", seen.get(2).ifNoneMatch(), "the retry must not accept the cached copy");
    }

    @Test
    void aServerErrorIsRetriedAndTheRetryDownloads() throws Exception {
        store.answer(error(503, "{\"status\":503,\"error\":\"restarting\"}"));
        store.answer(bundle(ALICE_V1, ALICE_V1.sha256(), "1"));

        FetchedModel m = client.fetch("alice", BOB_FOR_ALICE);

        assertEquals(FetchedModel.Origin.DOWNLOADED, m.origin());
        assertEquals(ALICE_V1.zipSize(), m.bytesDownloaded());
        assertEquals(2, store.requests().size());
    }

    @Test
    void aServerErrorOnEveryAttemptFallsBackToTheCachedModel() throws Exception {
        store.answer(bundle(ALICE_V1, ALICE_V1.sha256(), "1"));
        client.fetch("alice", BOB_FOR_ALICE);
        store.answer(error(502, "<html>Bad gateway</html>"));
        store.answer(error(502, "<html>Bad gateway</html>"));

        FetchedModel m = client.fetch("alice", BOB_FOR_ALICE);

        assertEquals(FetchedModel.Origin.CACHE_OFFLINE, m.origin());
        assertEquals("personal v1 (cached; store unreachable)", m.describe());
    }

    @Test
    void aProxyPageIsQuotedInTheError() throws Exception {
        store.answer(error(502, "  <html>Bad gateway</html>\n"));
        store.answer(error(502, "  <html>Bad gateway</html>\n"));

        ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.fetch("alice", BOB_FOR_ALICE));

        assertEquals(ModelStoreException.Reason.SERVER_ERROR, e.reason());
        assertEquals(502, e.status());
        assertEquals("store failed fetching the model of 'alice' (HTTP 502): <html>Bad gateway</html>", e.getMessage());
    }

    @Test
    void aBodyDeclaredOverTheClientsLimitIsCorrupt() throws Exception {
        byte[] big = new byte[ALICE_V1.zipSize() * 4 + 1];
        String sha = ModelBundle.sha256Hex(big);
        store.answer(new Answer(200, Map.of(StoreProtocol.HEADER_SHA256, sha, StoreProtocol.HEADER_VERSION, "1"), big));
        store.answer(new Answer(200, Map.of(StoreProtocol.HEADER_SHA256, sha, StoreProtocol.HEADER_VERSION, "1"), big));

        ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.fetch("alice", BOB_FOR_ALICE));

        assertEquals(ModelStoreException.Reason.CORRUPT, e.reason());
        assertEquals(
                "store sent " + big.length + " bytes, over this client's limit of " + ALICE_V1.zipSize() * 4L,
                e.getMessage());
    }

    @Test
    void aDownloadWithoutVersionHeaderIsAServerError() throws Exception {
        store.answer(new Answer(200, Map.of(StoreProtocol.HEADER_SHA256, ALICE_V1.sha256()), ALICE_V1.toZip()));
        store.answer(new Answer(200, Map.of(StoreProtocol.HEADER_SHA256, ALICE_V1.sha256()), ALICE_V1.toZip()));

        ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.fetch("alice", BOB_FOR_ALICE));

        assertEquals(ModelStoreException.Reason.SERVER_ERROR, e.reason());
        assertEquals("store answered without a valid X-Dejavu-Model-Version header", e.getMessage());
    }

    @Test
    void bytesThatAreNoBundleAreCorrupt() throws Exception {
        byte[] junk = "not a zip".getBytes(StandardCharsets.UTF_8);
        String sha = ModelBundle.sha256Hex(junk);
        store.answer(
                new Answer(200, Map.of(StoreProtocol.HEADER_SHA256, sha, StoreProtocol.HEADER_VERSION, "1"), junk));
        store.answer(
                new Answer(200, Map.of(StoreProtocol.HEADER_SHA256, sha, StoreProtocol.HEADER_VERSION, "1"), junk));

        ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.fetch("alice", BOB_FOR_ALICE));

        assertEquals(ModelStoreException.Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("model of 'alice' is not a valid bundle: "), e.getMessage());
    }

    @Test
    void aVersionDownloadThatDoesNotMatchItsSha256IsCorrupt() throws Exception {
        store.answer(bundle(ALICE_V1, NOT_ITS_SHA, "1"));

        ModelStoreException e =
                assertThrows(ModelStoreException.class, () -> client.download("alice", 1, StoreFixture.admin()));

        assertEquals(ModelStoreException.Reason.CORRUPT, e.reason());
        assertEquals("alice v1 does not match its sha256 " + NOT_ITS_SHA, e.getMessage());
        assertEquals(1, store.requests().size(), "a wrong checksum on a version download is not retried");
    }

    @Test
    void adminReadsRetryAServerErrorAndThenReportTheStoresReason() throws Exception {
        store.answer(error(500, "{\"status\":500,\"error\":\"disk full\"}"));
        store.answer(error(500, "{\"status\":500,\"error\":\"disk full\"}"));

        ModelStoreException e =
                assertThrows(ModelStoreException.class, () -> client.versions("alice", StoreFixture.ADMIN));

        assertEquals(ModelStoreException.Reason.SERVER_ERROR, e.reason());
        assertEquals("store failed listing versions of 'alice' (HTTP 500): disk full", e.getMessage());
        assertEquals(2, store.requests().size());
        assertEquals("Bearer " + StoreFixture.ADMIN, store.requests().get(0).authorization());
    }

    @Test
    void unreadableJsonIsAServerError() throws Exception {
        store.answer(
                new Answer(200, Map.of("Content-Type", "application/json"), "[{".getBytes(StandardCharsets.UTF_8)));

        ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.callers(StoreFixture.ADMIN));

        assertEquals(ModelStoreException.Reason.SERVER_ERROR, e.reason());
        assertTrue(e.getMessage().startsWith("store answered listing callers with unreadable JSON: "), e.getMessage());
    }

    @Test
    void aRetriedUploadCarriesTheSameIdempotencyKey() throws Exception {
        store.answer(error(503, "{\"status\":503,\"error\":\"busy\"}"));
        store.answer(error(503, "{\"status\":503,\"error\":\"busy\"}"));

        ModelStoreException e =
                assertThrows(ModelStoreException.class, () -> client.upload(ALICE_V1, StoreFixture.ADMIN, true));

        assertEquals(ModelStoreException.Reason.SERVER_ERROR, e.reason());
        assertEquals(2, store.requests().size());
        String key = store.requests().get(0).idempotencyKey();
        assertTrue(key.length() >= 16, "a fresh key per upload, got '" + key + "'");
        assertEquals(key, store.requests().get(1).idempotencyKey(), "the store must see the retry as the same upload");
    }

    @Test
    void aTicketIsSentWithItsRequester() throws Exception {
        store.answer(bundle(ALICE_V1, ALICE_V1.sha256(), "1"));

        client.fetch("alice", Credential.ticket("t0k3n", "Zoë", StoreFixture.KEY));

        Request r = store.requests().get(0);
        assertEquals("GET /v1/models/alice", r.line());
        assertEquals("Ticket t0k3n", r.authorization());
        assertEquals(StoreProtocol.encodeHeaderValue("Zoë"), r.requester());
        JsonNode proof = proofPayload(r.proof());
        assertEquals("GET", proof.path("htm").asText());
        assertEquals("/v1/models/alice", proof.path("htu").asText());
        assertEquals(StoreFixture.KEY.publicKey(), proof.path("key").asText());
    }

    @Test
    void everyAttemptOfATicketRequestCarriesItsOwnProof() throws Exception {
        store.answer(error(503, "{\"status\":503,\"error\":\"busy\"}"));
        store.answer(bundle(ALICE_V1, ALICE_V1.sha256(), "1"));

        client.download("alice", 1, BOB_FOR_ALICE);

        assertEquals(2, store.requests().size(), "one retry");
        JsonNode first = proofPayload(store.requests().get(0).proof());
        JsonNode retry = proofPayload(store.requests().get(1).proof());
        assertEquals("/v1/models/alice/versions/1", retry.path("htu").asText());
        assertNotEquals(first.path("jti").asText(), retry.path("jti").asText(), "a store refuses a reused proof");
    }

    private static JsonNode proofPayload(String proof) throws IOException {
        return Json.mapper().readTree(Base64.getUrlDecoder().decode(proof.substring(0, proof.indexOf('.'))));
    }

    private static Answer bundle(ModelBundle b, String announcedSha, String version) {
        return new Answer(
                200,
                Map.of(StoreProtocol.HEADER_SHA256, announcedSha, StoreProtocol.HEADER_VERSION, version),
                b.toZip());
    }

    private static Answer error(int status, String body) {
        return new Answer(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {}

    record Request(
            String line,
            String authorization,
            String requester,
            String ifNoneMatch,
            String idempotencyKey,
            String proof) {}

    /** Answers each request with the next scripted answer; 500 "script exhausted" after the last. */
    static final class ScriptedStore implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor =
                Executors.newSingleThreadExecutor(r -> new Thread(r, "scripted-store"));
        private final Deque<Answer> script = new ArrayDeque<>();
        private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

        ScriptedStore() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        synchronized void answer(Answer a) {
            script.add(a);
        }

        List<Request> requests() {
            return List.copyOf(requests);
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex;
                    InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
                var h = ex.getRequestHeaders();
                requests.add(new Request(
                        ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath(),
                        String.valueOf(h.getFirst("Authorization")),
                        String.valueOf(h.getFirst(StoreProtocol.HEADER_REQUESTER)),
                        h.getFirst("If-None-Match") == null ? "" : h.getFirst("If-None-Match"),
                        String.valueOf(h.getFirst(StoreProtocol.HEADER_IDEMPOTENCY_KEY)),
                        String.valueOf(h.getFirst(StoreProtocol.HEADER_TICKET_PROOF))));
                Answer a;
                synchronized (this) {
                    a = script.poll();
                }
                if (a == null) {
                    a = error(500, "{\"status\":500,\"error\":\"script exhausted\"}");
                }
                a.headers().forEach(ex.getResponseHeaders()::add);
                ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                ex.getResponseBody().write(a.body());
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
