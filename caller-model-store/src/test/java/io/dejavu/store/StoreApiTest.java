package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoreApiTest {
    private StoreFixture store;
    private ModelStoreClient client;

    @BeforeEach
    void start() throws Exception {
        store = new StoreFixture();
        client = store.client();
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = store.request(path).header("Authorization", "Bearer " + StoreFixture.ADMIN);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return store.send(b.GET());
    }

    @Test
    void downloadsThePublishedBundleByteForByteWithItsHashAsEtag() throws Exception {
        ModelBundle bundle = TestModels.random("alice", 1);
        ModelVersion v = client.upload(bundle, StoreFixture.ADMIN, true);

        HttpResponse<byte[]> resp = get(StoreProtocol.modelPath("alice"));

        assertEquals(200, resp.statusCode());
        assertArrayEquals(bundle.toZip(), resp.body());
        assertEquals(bundle.sha256(), v.sha256());
        assertEquals(
                "\"" + bundle.sha256() + "\"", resp.headers().firstValue("ETag").orElseThrow());
        assertEquals(
                "1", resp.headers().firstValue(StoreProtocol.HEADER_VERSION).orElseThrow());
        assertEquals(
                "false", resp.headers().firstValue(StoreProtocol.HEADER_GENERIC).orElseThrow());
        assertEquals(
                StoreProtocol.BUNDLE_MEDIA_TYPE,
                resp.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void eachUploadGetsTheNextVersionAndBecomesActive() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertEquals(
                    i,
                    client.upload(TestModels.random("alice", i), StoreFixture.ADMIN, true)
                            .version());
        }
        List<ModelVersion> versions = client.versions("alice", StoreFixture.ADMIN);

        assertEquals(
                List.of(1, 2, 3), versions.stream().map(ModelVersion::version).toList());
        assertEquals(
                List.of(false, false, true),
                versions.stream().map(ModelVersion::active).toList());
        assertEquals(3, client.active("alice", StoreFixture.ADMIN).version());
        assertEquals(
                TestModels.random("alice", 3).sha256(),
                client.active("alice", StoreFixture.ADMIN).sha256());
    }

    @Test
    void activatingAnOlderVersionRollsBackDownloads() throws Exception {
        ModelBundle v1 = TestModels.random("alice", 1);
        client.upload(v1, StoreFixture.ADMIN, true);
        client.upload(TestModels.random("alice", 2), StoreFixture.ADMIN, true);

        ModelVersion active = client.activate("alice", 1, StoreFixture.ADMIN);
        HttpResponse<byte[]> resp = get(StoreProtocol.modelPath("alice"));

        assertEquals(1, active.version());
        assertTrue(active.active());
        assertArrayEquals(v1.toZip(), resp.body());
        assertEquals(
                "1", resp.headers().firstValue(StoreProtocol.HEADER_VERSION).orElseThrow());
    }

    @Test
    void activatingAMissingVersionIsNotFound() throws Exception {
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);

        ModelStoreException e =
                assertThrows(ModelStoreException.class, () -> client.activate("alice", 9, StoreFixture.ADMIN));

        assertEquals(ModelStoreException.Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("alice has no version 9"), e.getMessage());
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagGives304WithoutBody() throws Exception {
        ModelBundle bundle = TestModels.random("alice", 1);
        client.upload(bundle, StoreFixture.ADMIN, true);

        HttpResponse<byte[]> resp =
                get(StoreProtocol.modelPath("alice"), "If-None-Match", "\"" + bundle.sha256() + "\"");

        assertEquals(304, resp.statusCode());
        assertEquals(0, resp.body().length);
        assertEquals(
                "\"" + bundle.sha256() + "\"", resp.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void ifNoneMatchWithAStaleEtagGivesTheNewBundle() throws Exception {
        ModelBundle old = TestModels.random("alice", 1);
        ModelBundle current = TestModels.random("alice", 2);
        client.upload(old, StoreFixture.ADMIN, true);
        client.upload(current, StoreFixture.ADMIN, true);

        HttpResponse<byte[]> resp = get(StoreProtocol.modelPath("alice"), "If-None-Match", "\"" + old.sha256() + "\"");

        assertEquals(200, resp.statusCode());
        assertArrayEquals(current.toZip(), resp.body());
    }

    @Test
    void downloadsAGivenVersionWhileAnotherIsActive() throws Exception {
        ModelBundle v1 = TestModels.random("alice", 1);
        client.upload(v1, StoreFixture.ADMIN, true);
        client.upload(TestModels.random("alice", 2), StoreFixture.ADMIN, true);

        HttpResponse<byte[]> resp = get(StoreProtocol.versionPath("alice", 1));

        assertEquals(200, resp.statusCode());
        assertArrayEquals(v1.toZip(), resp.body());
        assertEquals(
                v1.sha256(), client.download("alice", 1, StoreFixture.admin()).sha256());
    }

    @Test
    void uploadWithoutActivationKeepsTheActiveVersion() throws Exception {
        ModelBundle v1 = TestModels.random("alice", 1);
        client.upload(v1, StoreFixture.ADMIN, true);

        ModelVersion staged = client.upload(TestModels.random("alice", 2), StoreFixture.ADMIN, false);

        assertEquals(2, staged.version());
        assertFalse(staged.active());
        assertEquals(v1.sha256(), client.active("alice", StoreFixture.ADMIN).sha256());
    }

    @Test
    void servesTheGenericModelFlaggedWhenTheCallerHasNone() throws Exception {
        ModelBundle generic = TestModels.random(ModelMetadata.GENERIC_CALLER, 7);
        client.upload(generic, StoreFixture.ADMIN, true);

        FetchedModel m = client.fetch("carol", StoreFixture.ticketFor("bob", "carol"));
        HttpResponse<byte[]> raw = get(StoreProtocol.modelPath("carol"));

        assertEquals(FetchedModel.Kind.GENERIC, m.kind());
        assertEquals("generic v1", m.describe());
        assertEquals(generic.sha256(), m.sha256());
        assertEquals(
                "true", raw.headers().firstValue(StoreProtocol.HEADER_GENERIC).orElseThrow());
        assertEquals(
                ModelMetadata.GENERIC_CALLER,
                raw.headers().firstValue(StoreProtocol.HEADER_MODEL_CALLER).orElseThrow());
    }

    @Test
    void withoutFallbackACallerWithoutModelIsNotFound() throws Exception {
        client.upload(TestModels.random(ModelMetadata.GENERIC_CALLER, 7), StoreFixture.ADMIN, true);

        HttpResponse<byte[]> resp = get(StoreProtocol.modelPath("carol") + "?fallback=false");

        assertEquals(404, resp.statusCode());
        assertTrue(error(resp).contains("'carol' has no active model"), error(resp));
    }

    @Test
    void noPersonalAndNoGenericModelIsNotFoundWithAReason() throws Exception {
        HttpResponse<byte[]> resp = get(StoreProtocol.modelPath("carol"));

        assertEquals(404, resp.statusCode());
        assertEquals("'carol' has no active model and the store has no generic model", error(resp));
    }

    @Test
    void deletingTheActiveVersionFallsBackToTheGenericModel() throws Exception {
        client.upload(TestModels.random(ModelMetadata.GENERIC_CALLER, 7), StoreFixture.ADMIN, true);
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);

        client.delete("alice", 1, StoreFixture.ADMIN);
        HttpResponse<byte[]> resp = get(StoreProtocol.modelPath("alice"));

        assertEquals(
                "true", resp.headers().firstValue(StoreProtocol.HEADER_GENERIC).orElseThrow());
        assertEquals(404, get(StoreProtocol.versionPath("alice", 1)).statusCode());
    }

    @Test
    void deletingACallerRemovesEveryVersion() throws Exception {
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
        client.upload(TestModels.random("alice", 2), StoreFixture.ADMIN, true);
        client.upload(TestModels.random("bob", 3), StoreFixture.ADMIN, true);

        client.deleteCaller("alice", StoreFixture.ADMIN);

        ModelStoreException e =
                assertThrows(ModelStoreException.class, () -> client.versions("alice", StoreFixture.ADMIN));
        assertEquals(ModelStoreException.Reason.NOT_FOUND, e.reason());
        assertEquals(
                List.of("bob"),
                client.callers(StoreFixture.ADMIN).stream()
                        .map(CallerSummary::caller)
                        .toList());
    }

    @Test
    void versionNumbersAreNotReusedAfterADelete() throws Exception {
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
        client.upload(TestModels.random("alice", 2), StoreFixture.ADMIN, true);
        client.delete("alice", 2, StoreFixture.ADMIN);

        assertEquals(
                3,
                client.upload(TestModels.random("alice", 3), StoreFixture.ADMIN, true)
                        .version());
    }

    @Test
    void listsCallersWithTheirActiveVersion() throws Exception {
        client.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
        client.upload(TestModels.random("alice", 2), StoreFixture.ADMIN, true);
        client.upload(TestModels.random("bob", 3), StoreFixture.ADMIN, true);
        client.activate("alice", 1, StoreFixture.ADMIN);

        assertEquals(
                List.of(new CallerSummary("alice", 2, 1, 2), new CallerSummary("bob", 1, 1, 1)),
                client.callers(StoreFixture.ADMIN));
    }

    @Test
    void rejectsAnUploadWhoseMetadataNamesAnotherCaller() throws Exception {
        HttpResponse<byte[]> resp =
                store.upload("alice", TestModels.random("bob", 1).toZip());

        assertEquals(400, resp.statusCode());
        assertEquals("metadata.json names caller 'bob' but the upload is for 'alice'", error(resp));
    }

    @Test
    void aBundleWithAGpuTierIsServedWholeAndUnpackedBesideTheCpuTier() throws Exception {
        byte[] gpu =
                io.dejavu.enhancer.onnx.OnnxModels.writeEnhancer(io.dejavu.enhancer.onnx.EdsrWeights.random(16, 3, 7));
        ModelBundle bundle = TestModels.random("tiered", 1).withTier(io.dejavu.protocol.model.ModelTier.GPU, gpu);
        client.upload(bundle, StoreFixture.ADMIN, true);

        FetchedModel m = client.fetch("tiered", StoreFixture.admin());

        assertEquals(bundle.sha256(), m.sha256());
        assertArrayEquals(gpu, java.nio.file.Files.readAllBytes(m.directory().resolve("enhancer-gpu.onnx")));
        assertArrayEquals(
                bundle.enhancerOnnx(),
                java.nio.file.Files.readAllBytes(m.directory().resolve("enhancer.onnx")));
    }

    @Test
    void callerNamesWithSpacesAndUnicodeRoundTrip() throws Exception {
        String caller = "Zoë Smith";
        ModelBundle bundle = TestModels.random(caller, 1);
        client.upload(bundle, StoreFixture.ADMIN, true);

        FetchedModel m = client.fetch(caller, StoreFixture.admin());

        assertEquals(bundle.sha256(), m.sha256());
        assertEquals(caller, m.metadata().caller());
    }

    @Test
    void publishesTheGenericDirectoryAtStartOnlyOnce() throws Exception {
        Path genericDir = StoreFixture.newDir("generic");
        TestModels.random(ModelMetadata.GENERIC_CALLER, 11).writeDirectory(genericDir);
        Path dir = StoreFixture.newDir("restart");
        try (StoreFixture first = new StoreFixture(dir, b -> b.genericModel(genericDir))) {
            // published by start
        }
        try (StoreFixture second = new StoreFixture(dir, b -> b.genericModel(genericDir));
                ModelStoreClient c = second.client()) {
            List<ModelVersion> versions = c.versions(ModelMetadata.GENERIC_CALLER, StoreFixture.ADMIN);
            assertEquals(1, versions.size());
            assertEquals(
                    TestModels.random(ModelMetadata.GENERIC_CALLER, 11).sha256(),
                    versions.get(0).sha256());
        }
    }

    @Test
    void refusesToStartWithAPersonalModelAsTheGenericOne() throws Exception {
        Path genericDir = StoreFixture.newDir("generic");
        TestModels.random("alice", 11).writeDirectory(genericDir);

        java.io.IOException e = assertThrows(
                java.io.IOException.class, () -> new StoreFixture(b -> b.genericModel(genericDir)).close());

        assertTrue(e.getMessage().contains("a generic model must name '_generic'"), e.getMessage());
    }

    @Test
    void unknownVersionTextIsABadRequest() throws Exception {
        HttpResponse<byte[]> resp = get("/v1/models/alice/versions/latest");

        assertEquals(400, resp.statusCode());
        assertEquals("version must be a positive integer, got 'latest'", error(resp));
    }

    @Test
    void anUnknownEndpointIsAJsonNotFound() throws Exception {
        HttpResponse<byte[]> resp = get("/v2/models/alice");

        assertEquals(404, resp.statusCode());
        assertEquals("no such endpoint: GET /v2/models/alice", error(resp));
    }

    static String error(HttpResponse<byte[]> resp) throws Exception {
        return Json.mapper().readTree(resp.body()).path("error").asText();
    }
}
