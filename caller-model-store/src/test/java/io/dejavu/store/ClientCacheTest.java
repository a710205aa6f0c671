package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import io.dejavu.store.server.ModelStoreServer;
import java.net.URI;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientCacheTest {
    private StoreFixture store;
    private Path cache;
    private ModelStoreClient client;
    private final Credential bobForAlice = StoreFixture.ticketFor("bob", "alice");

    @BeforeEach
    void start() throws Exception {
        store = new StoreFixture();
        cache = StoreFixture.newDir("cache");
        client = store.client(cache);
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    @Test
    void aRepeatFetchDownloadsNothing() throws Exception {
        ModelBundle bundle = TestModels.random("alice", 1);
        client.upload(bundle, StoreFixture.ADMIN, true);

        FetchedModel first = client.fetch("alice", bobForAlice);
        ModelStoreServer.Stats afterFirst = store.server.stats();
        FetchedModel second = client.fetch("alice", bobForAlice);
        ModelStoreServer.Stats afterSecond = store.server.stats();

        assertEquals(FetchedModel.Origin.DOWNLOADED, first.origin());
        assertEquals(bundle.zipSize(), first.bytesDownloaded());
        assertEquals(FetchedModel.Origin.CACHE_CURRENT, second.origin());
        assertEquals(0, second.bytesDownloaded());
        assertEquals(afterFirst.bytesServed(), afterSecond.bytesServed(), "no bundle bytes sent on a repeat fetch");
        assertEquals(afterFirst.notModified() + 1, afterSecond.notModified());
        assertEquals(first.directory(), second.directory());
        assertEquals("personal v1", second.describe());
    }

    @Test
    void theSameBytesRepublishedAsANewVersionAreNotDownloadedButRelabelled() throws Exception {
        ModelBundle bundle = TestModels.random("alice", 1);
        client.upload(bundle, StoreFixture.ADMIN, true);
        client.fetch("alice", bobForAlice);
        client.upload(bundle, StoreFixture.ADMIN, true);

        FetchedModel again = client.fetch("alice", bobForAlice);

        assertEquals(FetchedModel.Origin.CACHE_CURRENT, again.origin());
        assertEquals(2, again.version());
        assertEquals("personal v2", client.fetch("alice", bobForAlice).describe());
    }

    @Test
    void aNewVersionIsDownloadedOnTheNextFetch() throws Exception {
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
        FetchedModel v1 = client.fetch("alice", bobForAlice);
        ModelBundle newer = TestModels.random("alice", 2);
        client.upload(newer, StoreFixture.ADMIN, true);

        FetchedModel v2 = client.fetch("alice", bobForAlice);

        assertEquals(FetchedModel.Origin.DOWNLOADED, v2.origin());
        assertEquals(2, v2.version());
        assertEquals(newer.sha256(), v2.sha256());
        assertNotEquals(v1.directory(), v2.directory());
        assertArrayEquals(newer.enhancerOnnx(), Files.readAllBytes(v2.enhancerOnnx()));
    }

    @Test
    void theFetchedModelLoadsAndRunsInOnnxRuntime() throws Exception {
        client.upload(TestModels.identity("alice"), StoreFixture.ADMIN, true);
        FetchedModel m = client.fetch("alice", bobForAlice);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] y = new float[16 * 16];
        for (int i = 0; i < y.length; i++) {
            y[i] = (i % 16) / 16f;
        }
        try (OrtSession session = env.createSession(m.enhancerOnnx().toString(), new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(y), new long[] {1, 1, 16, 16});
                OrtSession.Result out =
                        session.run(Map.of(session.getInputNames().iterator().next(), in))) {
            float[] got = new float[y.length];
            ((OnnxTensor) out.get(0)).getFloatBuffer().get(got);
            assertArrayEquals(y, got, 1e-6f, "the identity model must return its input");
        }
    }

    @Test
    void whenTheStoreIsDownTheCachedModelIsUsedAndSaysSo() throws Exception {
        ModelBundle bundle = TestModels.random("alice", 1);
        client.upload(bundle, StoreFixture.ADMIN, true);
        client.fetch("alice", bobForAlice);
        store.close();

        FetchedModel offline = client.fetch("alice", bobForAlice);

        assertEquals(FetchedModel.Origin.CACHE_OFFLINE, offline.origin());
        assertEquals(bundle.sha256(), offline.sha256());
        assertEquals("personal v1 (cached; store unreachable)", offline.describe());
        assertTrue(Files.isRegularFile(offline.enhancerOnnx()));
    }

    @Test
    void withoutCacheAStoreThatIsDownGivesAClearError() throws Exception {
        URI dead = store.uri;
        store.close();
        try (ModelStoreClient c = ModelStoreClient.builder(dead)
                .cacheDir(StoreFixture.newDir("empty-cache"))
                .retries(2)
                .retryBackoff(Duration.ofMillis(10))
                .build()) {
            ModelStoreException e = assertThrows(ModelStoreException.class, () -> c.fetch("alice", bobForAlice));

            assertEquals(ModelStoreException.Reason.UNREACHABLE, e.reason());
            assertEquals("model store at " + dead + " is unreachable (connection refused)", e.getMessage());
        }
    }

    @Test
    void aDamagedCacheEntryIsDroppedAndDownloadedAgain() throws Exception {
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
        FetchedModel first = client.fetch("alice", bobForAlice);
        Path zip = first.directory().resolve("bundle.zip");
        byte[] bytes = Files.readAllBytes(zip);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(zip, bytes);

        FetchedModel again = client.fetch("alice", bobForAlice);

        assertEquals(FetchedModel.Origin.DOWNLOADED, again.origin());
        assertEquals(first.sha256(), again.sha256());
        assertEquals(first.sha256(), ModelBundle.sha256Hex(Files.readAllBytes(zip)));
    }

    @Test
    void aRefusedTicketIsNotAnsweredFromTheCache() throws Exception {
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
        client.fetch("alice", bobForAlice);

        ModelStoreException e = assertThrows(
                ModelStoreException.class, () -> client.fetch("alice", StoreFixture.ticketFor("mallory", "carol")));

        assertEquals(ModelStoreException.Reason.FORBIDDEN, e.reason());
    }

    @Test
    void switchingFromPersonalToGenericIsReported() throws Exception {
        client.upload(
                TestModels.random(io.dejavu.protocol.model.ModelMetadata.GENERIC_CALLER, 9), StoreFixture.ADMIN, true);
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
        assertEquals(
                FetchedModel.Kind.PERSONAL, client.fetch("alice", bobForAlice).kind());
        client.delete("alice", 1, StoreFixture.ADMIN);

        FetchedModel m = client.fetch("alice", bobForAlice);

        assertEquals(FetchedModel.Kind.GENERIC, m.kind());
        assertEquals(FetchedModel.Origin.DOWNLOADED, m.origin());
    }

    @Test
    void evictingACallerRemovesItsCachedModels() throws Exception {
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
        FetchedModel m = client.fetch("alice", bobForAlice);

        client.evictCache("alice");

        assertFalse(Files.exists(m.directory()));
        assertEquals(
                FetchedModel.Origin.DOWNLOADED,
                client.fetch("alice", bobForAlice).origin());
    }

    @Test
    void aCallerDeletedFromTheStoreIsDeletedFromTheCacheToo() throws Exception {
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
        FetchedModel m = client.fetch("alice", bobForAlice);
        client.deleteCaller("alice", StoreFixture.ADMIN);

        ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.fetch("alice", bobForAlice));

        assertEquals(ModelStoreException.Reason.NOT_FOUND, e.reason());
        assertFalse(Files.exists(m.directory()), "a deleted personal model must not stay on this machine");
    }

    @Test
    void namesOutsideAsciiWorkAsRequesterAndCaller() throws Exception {
        ModelBundle bundle = TestModels.random("Zoë", 1);
        client.upload(bundle, StoreFixture.ADMIN, true);

        FetchedModel m = client.fetch("Zoë", StoreFixture.ticketFor("张伟", "Zoë"));

        assertEquals(bundle.sha256(), m.sha256());
        ModelStoreException e = assertThrows(
                ModelStoreException.class,
                () -> client.fetch("Zoë", Credential.ticket(StoreFixture.ticket("张伟", "Zoë"), "张三", StoreFixture.KEY)));
        assertEquals(ModelStoreException.Reason.FORBIDDEN, e.reason());
        assertTrue(e.getMessage().endsWith("call ticket was issued to '张伟', not to '张三'"), e.getMessage());
    }

    @Test
    void cachedModelsAreReadableByTheirOwnerOnly() throws Exception {
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
        FetchedModel m = client.fetch("alice", bobForAlice);

        assertEquals(
                "rwx------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(m.directory().getParent())));
    }

    @Test
    void theDatabaseIsReadableByItsOwnerOnly() throws Exception {
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(store.db)));
    }

    @Test
    void noModelAnywhereIsNotFound() throws Exception {
        ModelStoreException e = assertThrows(ModelStoreException.class, () -> client.fetch("alice", bobForAlice));

        assertEquals(ModelStoreException.Reason.NOT_FOUND, e.reason());
        assertTrue(
                e.getMessage().endsWith("'alice' has no active model and the store has no generic model"),
                e.getMessage());
    }

    @Test
    void uploadsABundleDirectory() throws Exception {
        Path dir = StoreFixture.newDir("bundle");
        ModelBundle bundle = TestModels.random("alice", 4);
        bundle.writeDirectory(dir);

        ModelVersion v = client.upload(dir, StoreFixture.ADMIN);

        assertEquals(bundle.sha256(), v.sha256());
        assertEquals(bundle.sha256(), client.fetch("alice", bobForAlice).sha256());
    }

    @Test
    void uploadWithTheWrongAdminTokenIsUnauthorized() throws Exception {
        ModelStoreException e = assertThrows(
                ModelStoreException.class,
                () -> client.upload(TestModels.random("alice", 1), "wrong-token-wrong-token", true));

        assertEquals(ModelStoreException.Reason.UNAUTHORIZED, e.reason());
        assertEquals(
                "store refused the credential for uploading a model for 'alice': admin token is not valid",
                e.getMessage());
    }
}
