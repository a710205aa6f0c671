package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelBundleTest {
    @Test
    void theSameFilesGiveTheSameBytesAndHash() throws Exception {
        ModelBundle a = TestModels.random("alice", 1);
        Path dir = StoreFixture.newDir("bundle");
        a.writeDirectory(dir);

        ModelBundle b = ModelBundle.readDirectory(dir);

        assertArrayEquals(a.toZip(), b.toZip());
        assertEquals(a.sha256(), b.sha256());
        assertNotEquals(a.sha256(), TestModels.random("alice", 2).sha256());
    }

    @Test
    void roundTripsThroughZip() throws Exception {
        ModelBundle a = TestModels.random("alice", 1);

        ModelBundle b = ModelBundle.fromZip(a.toZip(), 1 << 20);

        assertEquals(a.metadata(), b.metadata());
        assertArrayEquals(a.enhancerOnnx(), b.enhancerOnnx());
        assertArrayEquals(a.scorerOnnx().orElseThrow(), b.scorerOnnx().orElseThrow());
    }

    @Test
    void aGpuTierTravelsInTheZipAndTheDirectoryAndLeavesSingleTierBytesAsTheyWere() throws Exception {
        ModelBundle single = TestModels.random("alice", 1);
        byte[] gpu =
                io.dejavu.enhancer.onnx.OnnxModels.writeEnhancer(io.dejavu.enhancer.onnx.EdsrWeights.random(16, 3, 5));
        ModelBundle tiered = single.withTier(io.dejavu.protocol.model.ModelTier.GPU, gpu);

        assertEquals(
                java.util.Set.of(io.dejavu.protocol.model.ModelTier.CPU, io.dejavu.protocol.model.ModelTier.GPU),
                tiered.tiers());
        assertEquals(java.util.Set.of(io.dejavu.protocol.model.ModelTier.CPU), single.tiers());
        assertNotEquals(single.sha256(), tiered.sha256());
        ModelBundle back = ModelBundle.fromZip(tiered.toZip(), 1 << 22);
        assertArrayEquals(
                gpu, back.enhancerOnnx(io.dejavu.protocol.model.ModelTier.GPU).orElseThrow());
        assertArrayEquals(tiered.toZip(), back.toZip());

        Path dir = StoreFixture.newDir("tiered");
        tiered.writeDirectory(dir);
        assertArrayEquals(tiered.toZip(), ModelBundle.readDirectory(dir).toZip());
        // Writing a single-tier bundle over it removes the stale gpu tier.
        single.writeDirectory(dir);
        assertFalse(Files.exists(dir.resolve("enhancer-gpu.onnx")));
        assertArrayEquals(single.toZip(), ModelBundle.readDirectory(dir).toZip());
        // Single-tier bundles are written exactly as before tiers existed: metadata, enhancer, scorer.
        assertEquals(java.util.List.of("metadata.json", "enhancer.onnx", "scorer.onnx"), entryNames(single.toZip()));
        assertEquals(
                java.util.List.of("metadata.json", "enhancer.onnx", "enhancer-gpu.onnx", "scorer.onnx"),
                entryNames(tiered.toZip()));
    }

    private static java.util.List<String> entryNames(byte[] zip) throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void aBundleWithoutScorerHasNoScorerEntry() throws Exception {
        ModelBundle full = TestModels.random("alice", 1);
        ModelBundle noScorer = ModelBundle.of(TestModels.metadata("alice", 6, 0, 1), full.enhancerOnnx(), null);

        ModelBundle back = ModelBundle.fromZip(noScorer.toZip(), 1 << 20);
        Path dir = StoreFixture.newDir("bundle");
        back.writeDirectory(dir);

        assertTrue(back.scorerOnnx().isEmpty());
        assertFalse(Files.exists(dir.resolve(ModelBundle.SCORER)));
    }

    @Test
    void aDirectoryWithoutMetadataIsRejectedByName() throws Exception {
        Path dir = StoreFixture.newDir("bundle");
        Files.write(dir.resolve(ModelBundle.ENHANCER), new byte[] {1});

        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelBundle.readDirectory(dir));

        assertEquals("bundle directory " + dir + " has no metadata.json", e.getMessage());
    }

    @Test
    void aZipOverTheLimitIsRejectedBeforeParsing() {
        byte[] zip = TestModels.random("alice", 1).toZip();

        BundleFormatException e =
                assertThrows(BundleFormatException.class, () -> ModelBundle.fromZip(zip, zip.length - 1));

        assertEquals(
                "bundle is " + zip.length + " bytes, over the limit of " + (zip.length - 1) + " bytes", e.getMessage());
    }

    @Test
    void aMissingScorerContradictingTheMetadataIsAProgrammingError() {
        ModelBundle full = TestModels.random("alice", 1);

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ModelBundle.of(TestModels.metadata("alice", 6, 32, 1), full.enhancerOnnx(), null));

        assertTrue(
                e.getMessage().startsWith("bundle has no scorer.onnx but metadata.json says scorerPatchSize = 32"),
                e.getMessage());
    }
}
