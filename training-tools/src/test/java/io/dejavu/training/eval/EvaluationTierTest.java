package io.dejavu.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.store.ModelBundle;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestModels;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --tier}: each tier of a bundle is measured with its own enhancer, inside its own range. */
class EvaluationTierTest {
    private static final FrameSize SIZE = new FrameSize(128, 96);

    @TempDir
    Path dir;

    private static EvaluationRequest request(Path model, ModelTier tier) {
        return new EvaluationRequest(
                model,
                SampleFootage.require(SampleFootage.ONE_MAN),
                Optional.empty(),
                Optional.of(50),
                Optional.of(SIZE),
                1.0,
                12,
                1,
                false,
                tier);
    }

    @Test
    void theGpuTierRunsItsOwnEnhancerAndIsJudgedByItsOwnRange() throws Exception {
        // cpu tier: identity (gains exactly nothing); gpu tier: random weights (changes every frame).
        Path bundle = TestModels.bundle(dir.resolve("alice"), "alice", Map.of());
        Files.write(bundle.resolve(ModelTier.GPU.entryName()), OnnxModels.writeEnhancer(EdsrWeights.random(32, 8, 7L)));
        OperatingRange nowhere = OperatingRange.derived("vp8", 1920, 1080, 50);
        ModelMetadata meta = ModelDirectory.readMetadata(bundle).withTier(ModelTier.GPU, nowhere, Map.of(), Map.of());
        Files.write(bundle.resolve(ModelBundle.METADATA), Json.mapper().writeValueAsBytes(meta));

        EvaluationService.Outcome cpu = new EvaluationService().evaluate(request(bundle, ModelTier.CPU));
        EvaluationService.Outcome gpu = new EvaluationService().evaluate(request(bundle, ModelTier.GPU));

        assertEquals(0.0, cpu.result().gainDb(), 1e-9, "the identity cpu tier");
        assertNotEquals(0.0, gpu.result().gainDb(), "the random gpu tier changes the frames");
        assertEquals(cpu.result().psnrDecoded(), gpu.result().psnrDecoded(), 1e-9, "the same decoded frames");
        assertEquals(nowhere, gpu.range());
        assertEquals(meta.effectiveRange(), cpu.range(), "the cpu tier keeps the bundle's range");
        assertTrue(gpu.passReason().contains("outside the model's 1920x1080"), gpu.passReason());
        assertEquals(0.0, gpu.deliveredGainDb(), "outside its own range the gpu tier is passed through");
    }

    @Test
    void aTierTheBundleLacksIsRefusedNamingIt() throws Exception {
        Path bundle = TestModels.bundle(dir.resolve("bob"), "bob", Map.of());
        TrainingException e = assertThrows(
                TrainingException.class, () -> new EvaluationService().evaluate(request(bundle, ModelTier.GPU)));
        assertTrue(e.getMessage().contains("has no gpu tier (enhancer-gpu.onnx)"), e.getMessage());
    }
}
