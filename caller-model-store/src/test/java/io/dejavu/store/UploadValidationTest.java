package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad upload gets a precise 400 (or 413 for size) and leaves the store as it was. */
class UploadValidationTest {
    private static final long LIMIT = 256 * 1024;
    private static StoreFixture store;

    @BeforeAll
    static void start() throws Exception {
        store = new StoreFixture(b -> b.maxBundleBytes(LIMIT));
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    static Stream<Arguments> badBundles() throws Exception {
        EdsrWeights w = EdsrWeights.random(TestModels.CHANNELS, TestModels.BLOCKS, 1);
        byte[] enhancer = OnnxModels.writeEnhancer(w);
        byte[] scorer = TestModels.scorer();
        byte[] meta = Json.mapper().writeValueAsBytes(TestModels.metadata("alice", w.receptiveFieldRadius(), 32, 1));
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        return Stream.of(
                Arguments.of("garbage bytes", random, "bundle is not a ZIP file"),
                Arguments.of(
                        "zip without enhancer",
                        zip(Map.of("metadata.json", meta, "scorer.onnx", scorer)),
                        "bundle has no enhancer.onnx"),
                Arguments.of(
                        "a gpu tier that is not a model",
                        zip(Map.of(
                                "metadata.json", meta,
                                "enhancer.onnx", enhancer,
                                "enhancer-gpu.onnx", random,
                                "scorer.onnx", scorer)),
                        "enhancer-gpu.onnx: "),
                Arguments.of(
                        "a gpu tier without the cpu tier",
                        zip(Map.of("metadata.json", meta, "enhancer-gpu.onnx", enhancer, "scorer.onnx", scorer)),
                        "bundle has no enhancer.onnx; every bundle needs it beside any larger tier"),
                Arguments.of(
                        "zip without metadata",
                        zip(Map.of("enhancer.onnx", enhancer, "scorer.onnx", scorer)),
                        "bundle has no metadata.json"),
                Arguments.of(
                        "extra entry",
                        zip(Map.of(
                                "metadata.json",
                                meta,
                                "enhancer.onnx",
                                enhancer,
                                "scorer.onnx",
                                scorer,
                                "notes.txt",
                                new byte[] {1})),
                        "bundle has an unexpected entry 'notes.txt'"),
                Arguments.of(
                        "nested folder",
                        zip(Map.of("alice/metadata.json", meta)),
                        "bundle has an unexpected entry 'alice/metadata.json'"),
                Arguments.of(
                        "metadata not JSON",
                        zip(Map.of(
                                "metadata.json",
                                "caller: alice".getBytes(StandardCharsets.UTF_8),
                                "enhancer.onnx",
                                enhancer,
                                "scorer.onnx",
                                scorer)),
                        "metadata.json is invalid"),
                Arguments.of(
                        "metadata cut short",
                        zip(Map.of(
                                "metadata.json",
                                "{\"caller\": \"alice\"".getBytes(StandardCharsets.UTF_8),
                                "enhancer.onnx",
                                enhancer,
                                "scorer.onnx",
                                scorer)),
                        "metadata.json is invalid: Unexpected end-of-input: expected close marker for Object"
                                + " (opened at line 1, column 1), at line 1, column 19"),
                Arguments.of(
                        "metadata without caller",
                        zip(Map.of(
                                "metadata.json",
                                "{\"architecture\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\"}"
                                        .getBytes(StandardCharsets.UTF_8),
                                "enhancer.onnx",
                                enhancer,
                                "scorer.onnx",
                                scorer)),
                        "metadata.caller must not be blank"),
                Arguments.of(
                        "enhancer garbage",
                        zip(Map.of("metadata.json", meta, "enhancer.onnx", random, "scorer.onnx", scorer)),
                        "enhancer.onnx: enhancer model is not a loadable ONNX model"),
                Arguments.of(
                        "enhancer with three channels",
                        TestModels.zipOf(
                                TestModels.metadata("alice", 0, 32, 1),
                                TestModels.identityGraph("N", 3, "H", "W"),
                                scorer),
                        "enhancer.onnx: enhancer input 'x' has 3 channels, expected 1 (luminance only)"),
                Arguments.of(
                        "enhancer with fixed size",
                        TestModels.zipOf(
                                TestModels.metadata("alice", 0, 32, 1),
                                TestModels.identityGraph("N", 1, 64, 64),
                                scorer),
                        "enhancer.onnx: enhancer input 'x' has a fixed height of 64"),
                Arguments.of(
                        "enhancer of rank 3",
                        TestModels.zipOf(
                                TestModels.metadata("alice", 0, 32, 1),
                                TestModels.identityGraph("N", "H", "W"),
                                scorer),
                        "enhancer.onnx: enhancer input 'x' has 3 dimensions"),
                Arguments.of(
                        "scorer of enhancer shape",
                        TestModels.zipOf(
                                TestModels.metadata("alice", w.receptiveFieldRadius(), 32, 1),
                                enhancer,
                                TestModels.identityGraph("N", 1, "P", "P")),
                        "scorer.onnx: scorer output 'out' has 4 dimensions [?,1,?,?], expected 2 [N,1]"),
                Arguments.of(
                        "scorer for other patch size",
                        TestModels.zipOf(
                                TestModels.metadata("alice", w.receptiveFieldRadius(), 32, 1),
                                enhancer,
                                poolScorer(16)),
                        "scorer.onnx takes 16x16 patches but metadata.json says scorerPatchSize = 32"),
                Arguments.of(
                        "no operating range",
                        TestModels.zipOf(
                                TestModels.metadata("alice", w.receptiveFieldRadius(), 32, 1)
                                        .withOperatingRange(null),
                                enhancer,
                                scorer),
                        "metadata.json declares no operatingRange"),
                Arguments.of(
                        "halo smaller than receptive field",
                        TestModels.zipOf(TestModels.metadata("alice", 1, 32, 1), enhancer, scorer),
                        "metadata.json says receptiveFieldRadius = 1 but enhancer.onnx reaches "
                                + w.receptiveFieldRadius() + " pixels"),
                Arguments.of(
                        "scorer without metadata patch size",
                        zip(Map.of(
                                "metadata.json",
                                Json.mapper()
                                        .writeValueAsBytes(
                                                TestModels.metadata("alice", w.receptiveFieldRadius(), 0, 1)),
                                "enhancer.onnx",
                                enhancer,
                                "scorer.onnx",
                                scorer)),
                        "bundle has scorer.onnx but metadata.json says scorerPatchSize = 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBundles")
    void rejectsBadBundleWithPreciseReasonAndStoresNothing(String name, byte[] body, String reason) throws Exception {
        HttpResponse<byte[]> resp = store.upload("alice", body);

        assertEquals(400, resp.statusCode(), () -> new String(resp.body(), StandardCharsets.UTF_8));
        String error = StoreApiTest.error(resp);
        assertTrue(error.contains(reason), () -> "expected '" + reason + "' in: " + error);
        assertFalse(
                error.contains("[Source") || error.contains("\n"),
                () -> "one line without Jackson's excerpt: " + error);
        assertNothingStored();
    }

    @Test
    void rejectsOversizedBundleWith413AndStoresNothing() throws Exception {
        EdsrWeights big = EdsrWeights.random(48, 2, 1); // ~3 x 48 x 48 x 9 x 4 bytes > 256 KiB
        byte[] zip = TestModels.zipOf(
                TestModels.metadata("alice", big.receptiveFieldRadius(), 32, 1),
                OnnxModels.writeEnhancer(big),
                TestModels.scorer());
        assertTrue(zip.length > LIMIT, "test bundle must exceed the limit, is " + zip.length);

        HttpResponse<byte[]> resp = store.upload("alice", zip);

        assertEquals(413, resp.statusCode());
        assertEquals(
                "bundle is " + zip.length + " bytes, over the limit of " + LIMIT + " bytes", StoreApiTest.error(resp));
        assertNothingStored();
    }

    @Test
    void rejectsABodyFarOverTheLimitWith413BeforeReadingIt() throws Exception {
        byte[] huge = new byte[4 * 1024 * 1024];
        huge[0] = 'P';
        huge[1] = 'K';

        HttpResponse<byte[]> resp = store.upload("alice", huge);

        assertEquals(413, resp.statusCode());
        assertEquals(
                "bundle is " + huge.length + " bytes, over the limit of " + LIMIT + " bytes", StoreApiTest.error(resp));
        assertNothingStored();
    }

    @Test
    void rejectsEmptyBody() throws Exception {
        HttpResponse<byte[]> resp = store.upload("alice", new byte[0]);

        assertEquals(400, resp.statusCode());
        assertTrue(StoreApiTest.error(resp).startsWith("upload has an empty body"), StoreApiTest.error(resp));
        assertNothingStored();
    }

    @Test
    void aRejectedUploadLeavesThePublishedVersionActive() throws Exception {
        ModelBundle good = TestModels.random("dave", 1);
        assertEquals(201, store.upload("dave", good.toZip()).statusCode());

        HttpResponse<byte[]> bad = store.upload(
                "dave",
                TestModels.zipOf(
                        TestModels.metadata("dave", 0, 32, 1),
                        TestModels.identityGraph("N", 3, "H", "W"),
                        TestModels.scorer()));
        HttpResponse<byte[]> active = store.send(
                store.request(StoreProtocol.modelPath("dave")).header("Authorization", "Bearer " + StoreFixture.ADMIN));

        assertEquals(400, bad.statusCode());
        assertEquals(
                "1", active.headers().firstValue(StoreProtocol.HEADER_VERSION).orElseThrow());
        assertEquals(good.sha256(), ModelBundle.sha256Hex(active.body()));
        store.send(store.request(StoreProtocol.modelPath("dave"))
                .header("Authorization", "Bearer " + StoreFixture.ADMIN)
                .DELETE());
    }

    private static void assertNothingStored() throws Exception {
        HttpResponse<byte[]> list = store.send(store.request(StoreProtocol.versionsPath("alice"))
                .header("Authorization", "Bearer " + StoreFixture.ADMIN));
        assertEquals(404, list.statusCode(), "a rejected upload must store nothing");
    }

    private static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : new LinkedHashMap<>(entries).entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A scorer for fixed {@code patch}x{@code patch} patches: global average pool, flatten -> [N,1]. */
    private static byte[] poolScorer(int patch) {
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder()
                .setName("pool-scorer")
                .addInput(TestModels.value("patches", "N", 1, patch, patch))
                .addOutput(TestModels.value("score", "N", 1))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("GlobalAveragePool")
                        .addInput("patches")
                        .addOutput("pooled"))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Flatten")
                        .addInput("pooled")
                        .addOutput("score"))
                .build();
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(g)
                .build()
                .toByteArray();
    }
}
