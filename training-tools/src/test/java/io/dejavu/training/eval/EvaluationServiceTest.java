package io.dejavu.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestClips;
import io.dejavu.training.TestModels;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code evaluate} end to end: a clip made here, real VP8, the product's enhancer runtime. */
class EvaluationServiceTest {
    private static Path model; // identity enhancer, declared for vp8 256x256 around 50 kbps
    private static Path clip; // 64x64, 10 fps, 20 frames

    @BeforeAll
    static void setUp() throws Exception {
        Path dir = SampleFootage.tempDir("evaluate");
        model = TestModels.bundle(dir.resolve("model"), "alice", Map.of());
        clip = TestClips.write(dir.resolve("clip.mkv"), 64, 64, 10, 20);
    }

    private static EvaluationRequest request(double k, Optional<FrameSize> size, boolean report, ModelTier tier) {
        return new EvaluationRequest(
                model, clip, Optional.of(Codec.VP8), Optional.of(40), size, k, 20, 1, report, tier);
    }

    @Test
    void anIdentityModelGainsNothingAndAStreamOutsideItsRangePassesThroughSayingWhy() {
        EvaluationService.Outcome o =
                new EvaluationService().evaluate(request(1.0, Optional.empty(), false, ModelTier.CPU));
        EvaluationResult r = o.result();
        assertEquals(20, r.frames());
        assertEquals(20, r.perFrameGainDb().size());
        assertEquals(0.0, r.gainDb(), 1e-12);
        assertTrue(r.psnrDecoded() > 20 && r.psnrDecoded() < 60, "VP8 at 40 kbps: " + r.psnrDecoded());
        assertEquals(1.0, r.k());
        assertEquals("none (full frame)", o.scorer());
        assertTrue(o.encoder().contains("libvpx"), o.encoder());
        assertEquals(OperatingRange.bitsPerPixel(r.bitrateKbps(), 64, 64, 10), o.bitsPerPixel(), 1e-12);
        // the bundle is declared for 256x256 only
        assertFalse(o.enhancing());
        assertTrue(o.passReason().contains("64x64"), o.passReason());
        assertEquals(0.0, o.deliveredGainDb());
    }

    @Test
    void topKRanksPatchesWithTheBundlesScorer() {
        EvaluationService.Outcome o =
                new EvaluationService().evaluate(request(0.5, Optional.empty(), false, ModelTier.CPU));
        assertEquals(0.5, o.result().k());
        assertFalse(o.scorer().startsWith("none"), o.scorer());
        assertEquals(0.0, o.result().gainDb(), 1e-12, "the identity on half the patches still changes nothing");
    }

    @Test
    void aTierTheBundleLacksSaysHowToTrainIt() {
        TrainingException e = assertThrows(TrainingException.class, () -> new EvaluationService()
                .evaluate(request(1.0, Optional.empty(), false, ModelTier.GPU)));
        assertEquals(model + " has no gpu tier (enhancer-gpu.onnx); train one with train --tier gpu", e.getMessage());
    }

    @Test
    void aScorerReportOnAClipSmallerThanOnePatchIsRefused() {
        TrainingException e = assertThrows(TrainingException.class, () -> new EvaluationService()
                .evaluate(request(1.0, Optional.of(new FrameSize(24, 24)), true, ModelTier.CPU)));
        assertEquals("cannot rank patches: the clip (24x24) is smaller than one 32-pixel patch", e.getMessage());
    }

    /** Whole frames of {@code evaluated}'s {@code tier} at 40 kbps, against {@code other} if given. */
    private static EvaluationRequest wholeFrames(Path evaluated, ModelTier tier, double k, Optional<Path> other) {
        return new EvaluationRequest(
                evaluated,
                clip,
                Optional.of(Codec.VP8),
                Optional.of(40),
                Optional.empty(),
                k,
                20,
                1,
                false,
                tier,
                other);
    }

    private static EvaluationRequest versus(Path other, double k) {
        return wholeFrames(model, ModelTier.CPU, k, Optional.of(other));
    }

    @Test
    void theOtherModelRunsOnTheSameDecodedFramesAndTheMarginIsTheDifference() {
        Path generic = TestModels.shippedCallModel();
        EvaluationService.Outcome o = new EvaluationService().evaluate(versus(generic, 1.0));
        Comparison c = o.versus().orElseThrow();
        // FFmpeg's round trip is the same each time: the generic model alone sees these frames too
        double alone = new EvaluationService()
                .evaluate(wholeFrames(generic, ModelTier.CPU, 1.0, Optional.empty()))
                .result()
                .gainDb();
        assertTrue(Math.abs(alone) > 0.01, "the generic model changes these frames: " + alone);
        assertEquals(alone, c.gainDb(), 1e-9);
        assertEquals(o.result().gainDb() - alone, c.marginDb(), 1e-9);
        assertEquals(generic, c.model());
        assertEquals(4, c.quarterMarginsDb().size());
        double mean = c.quarterMarginsDb().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElseThrow();
        assertEquals(c.marginDb(), mean, 1e-9, "20 frames: four quarters of 5");
        assertTrue(new EvaluationService()
                .evaluate(request(1.0, Optional.empty(), false, ModelTier.CPU))
                .versus()
                .isEmpty());
    }

    @Test
    void aComparisonIsOfWholeFramesOfATierTheOtherBundleHas() {
        TrainingException k = assertThrows(TrainingException.class, () -> versus(model, 0.5));
        assertEquals("--versus compares whole frames; leave --k at 1", k.getMessage());
        TrainingException tier = assertThrows(TrainingException.class, () -> new EvaluationService()
                .evaluate(wholeFrames(TestModels.shippedCallModel(), ModelTier.GPU, 1.0, Optional.of(model))));
        assertEquals("--versus " + model + " has no gpu tier (enhancer-gpu.onnx) to compare with", tier.getMessage());
    }

    @Test
    void aComparisonNeedsTheSameFramesForBothModels() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Comparison.of(model, java.util.List.of(1.0, 2.0), java.util.List.of(1.0)));
        Comparison c = Comparison.of(model, java.util.List.of(1.0, 2.0, 3.0), java.util.List.of(0.5, 0.5, 0.5));
        assertEquals(1.5, c.marginDb(), 1e-12);
        assertEquals(java.util.List.of(0.5, 1.5, 2.5), c.quarterMarginsDb(), "fewer than four frames: one a part");
    }
}
