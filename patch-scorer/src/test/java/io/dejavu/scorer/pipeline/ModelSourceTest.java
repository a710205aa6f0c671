package io.dejavu.scorer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.ScorerWeights;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSourceTest {

    private static Path dir(String name) throws Exception {
        Path d = Path.of("target", "model-source-test", name + "-" + System.nanoTime());
        Files.createDirectories(d);
        return d;
    }

    @Test
    void readsABundleDirectoryWithMetadata() throws Exception {
        Path d = dir("bundle");
        byte[] enhancer = OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 1L));
        byte[] scorer = OnnxModels.writeScorer(ScorerWeights.random(2L));
        Files.write(d.resolve("enhancer.onnx"), enhancer);
        Files.write(d.resolve("scorer.onnx"), scorer);
        ModelMetadata meta = new ModelMetadata(
                "alice", "edsr-y c4 b1", 4, 32, "vp8", 50, 256, 256, Map.of(), Map.of(), Instant.now());
        Json.mapper().writeValue(d.resolve("metadata.json").toFile(), meta);
        ModelSource src = ModelSource.fromDirectory(d);
        assertEquals("alice", src.name());
        assertArrayEquals(enhancer, src.enhancerOnnx());
        assertTrue(src.hasScorer());
    }

    @Test
    void readsTheLargerTiersOfABundleDirectory() throws Exception {
        Path d = dir("tiers");
        byte[] cpu = OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 1L));
        byte[] gpu = OnnxModels.writeEnhancer(EdsrWeights.random(8, 2, 2L));
        Files.write(d.resolve("enhancer.onnx"), cpu);
        Files.write(d.resolve("enhancer-gpu.onnx"), gpu);
        ModelSource src = ModelSource.fromDirectory(d);
        assertEquals(java.util.List.of(ModelTier.CPU, ModelTier.GPU), src.tiers());
        assertArrayEquals(cpu, src.enhancerOnnx());
        assertArrayEquals(gpu, src.onlyTier(ModelTier.GPU).enhancerOnnx());
        assertEquals(
                java.util.List.of(ModelTier.CPU), src.onlyTier(ModelTier.GPU).tiers());
        assertArrayEquals(cpu, src.onlyTier(ModelTier.CPU).enhancerOnnx());
        assertEquals(
                java.util.List.of(ModelTier.CPU), src.onlyTier(ModelTier.CPU).tiers());
        assertEquals(src, ModelSource.fromDirectory(d));

        ModelSource single = ModelSource.enhancerOnly("bob", cpu);
        var e = assertThrows(IllegalArgumentException.class, () -> single.onlyTier(ModelTier.GPU));
        assertEquals("model bob has no gpu tier", e.getMessage());
    }

    @Test
    void scorerAndMetadataAreOptional() throws Exception {
        Path d = dir("bare");
        Files.write(d.resolve("enhancer.onnx"), OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1)));
        ModelSource src = ModelSource.fromDirectory(d);
        assertFalse(src.hasScorer());
        assertEquals(d.getFileName().toString(), src.name());
    }

    @Test
    void missingEnhancerIsAClearError() throws Exception {
        Path d = dir("empty");
        var e = assertThrows(ModelLoadException.class, () -> ModelSource.fromDirectory(d));
        assertEquals("model directory " + d + " has no enhancer.onnx", e.getMessage());
    }

    @Test
    void brokenMetadataIsAClearError() throws Exception {
        Path d = dir("badmeta");
        Files.write(d.resolve("enhancer.onnx"), OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1)));
        Files.writeString(d.resolve("metadata.json"), "{\"caller\": \"\"}");
        var e = assertThrows(ModelLoadException.class, () -> ModelSource.fromDirectory(d));
        assertTrue(
                e.getMessage().startsWith("model metadata " + d.resolve("metadata.json") + " is not valid"),
                e.getMessage());
    }
}
