package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TestModels;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A larger tier trained on its own is folded into the bundle beside the cpu tier, which stays as it was. */
class TierTrainingTest {
    @TempDir
    Path dir;

    /** What train leaves in the scratch directory: a model of its own, for the same caller, with its numbers. */
    private Path trainedTier(String caller) throws Exception {
        Path trained =
                TestModels.bundle(dir.resolve("trained"), caller, Map.of("gain_db", 1.4, "generic_gain_db", 1.1));
        Files.write(trained.resolve(ModelBundle.ENHANCER), OnnxModels.writeEnhancer(EdsrWeights.random(32, 8, 4L)));
        Files.writeString(trained.resolve(ModelDirectory.REPORT), "<html>gpu tier</html>");
        return trained;
    }

    @Test
    void addTierPutsTheModelBesideTheCpuTierWithItsOwnRangeAndNumbers() throws Exception {
        Path bundle = TestModels.bundle(dir.resolve("alice"), "alice", Map.of("gain_db", 0.8, "generic_gain_db", 0.6));
        byte[] cpu = Files.readAllBytes(bundle.resolve(ModelBundle.ENHANCER));
        Path trained = trainedTier("alice");
        byte[] gpu = Files.readAllBytes(trained.resolve(ModelBundle.ENHANCER));

        ModelMetadata merged = TierTraining.addTier(bundle, trained, ModelTier.GPU);

        assertArrayEquals(cpu, Files.readAllBytes(bundle.resolve(ModelBundle.ENHANCER)));
        assertArrayEquals(gpu, Files.readAllBytes(bundle.resolve("enhancer-gpu.onnx")));
        assertEquals("<html>gpu tier</html>", Files.readString(bundle.resolve("report-gpu.html")));
        assertEquals(merged, ModelDirectory.readMetadata(bundle));
        assertEquals(0.8, merged.metrics().get("gain_db"));
        assertEquals(1.4, merged.metrics().get("gpu.gain_db"));
        assertEquals(1.1, merged.metrics().get("gpu.generic_gain_db"));
        assertEquals(OperatingRange.derived("vp8", 256, 256, 50), merged.rangeFor(ModelTier.GPU));
        assertFalse(Files.exists(trained), "the scratch directory is gone");
        // The store's reader sees a two-tier bundle.
        assertEquals(
                java.util.Set.of(ModelTier.CPU, ModelTier.GPU),
                io.dejavu.store.ModelBundle.readDirectory(bundle).tiers());
    }

    @Test
    void aTierTrainedForAnotherCallerIsRefused() throws Exception {
        Path bundle = TestModels.bundle(dir.resolve("alice"), "alice", Map.of());
        Path trained = trainedTier("bob");
        TrainingException e =
                assertThrows(TrainingException.class, () -> TierTraining.addTier(bundle, trained, ModelTier.GPU));
        assertTrue(e.getMessage().contains("trained for bob"), e.getMessage());
        assertFalse(Files.exists(bundle.resolve("enhancer-gpu.onnx")));
    }

    @Test
    void aViewOfATierIsTheBundleWithThatTiersEnhancer() throws Exception {
        Path bundle = TestModels.bundle(dir.resolve("generic"), "_generic", Map.of());
        Path work = dir.resolve("views");
        assertEquals(bundle, TierTraining.view(bundle, ModelTier.CPU, work).orElseThrow());
        assertTrue(TierTraining.view(bundle, ModelTier.GPU, work).isEmpty(), "no gpu tier yet");

        byte[] gpu = OnnxModels.writeEnhancer(EdsrWeights.random(32, 8, 5L));
        Files.write(bundle.resolve("enhancer-gpu.onnx"), gpu);
        Path view = TierTraining.view(bundle, ModelTier.GPU, work).orElseThrow();
        assertArrayEquals(gpu, Files.readAllBytes(view.resolve(ModelBundle.ENHANCER)));
        assertArrayEquals(
                Files.readAllBytes(bundle.resolve(ModelBundle.SCORER)),
                Files.readAllBytes(view.resolve(ModelBundle.SCORER)));
    }

    @Test
    void aViewOfALargerTierRunsWhereThatTierRunsNotWhereTheCpuTierDoes() throws Exception {
        Path bundle = TestModels.bundle(dir.resolve("generic"), "_generic", Map.of());
        ModelMetadata meta = ModelDirectory.readMetadata(bundle);
        OperatingRange gpuRange = OperatingRange.derived("vp8", 640, 360, 300);
        assertFalse(gpuRange.equals(meta.effectiveRange()), "the test needs two different ranges");
        ModelDirectory.write(
                bundle,
                ModelBundle.METADATA,
                io.dejavu.protocol.Json.mapper()
                        .writeValueAsBytes(meta.withTier(ModelTier.GPU, gpuRange, Map.of(), Map.of())));
        Files.write(bundle.resolve("enhancer-gpu.onnx"), OnnxModels.writeEnhancer(EdsrWeights.random(32, 8, 6L)));

        Path view =
                TierTraining.view(bundle, ModelTier.GPU, dir.resolve("views")).orElseThrow();

        assertEquals(gpuRange, ModelDirectory.readMetadata(view).effectiveRange());
        assertEquals(meta.effectiveRange(), ModelDirectory.readMetadata(bundle).effectiveRange(), "bundle untouched");
    }
}
