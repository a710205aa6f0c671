package io.dejavu.scorer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.Enhancer;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;
import io.dejavu.scorer.policy.KPolicySpec;
import io.dejavu.testing.TestFrames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The receiver runs the largest tier of a bundle that its own measurement says keeps up, the
 * smallest when none does, and the tier shows in reports and the model status.
 */
class TierPickerTest {
    private static final EnhancerOptions CPU = EnhancerOptions.cpu(1);
    /** The cpu tier: 4 channels, 1 block. */
    private static final byte[] SMALL = OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 1L));
    /** The gpu tier: 32 channels, 8 blocks, about 200 times the work per pixel. */
    private static final byte[] LARGE = OnnxModels.writeEnhancer(EdsrWeights.random(32, 8, 2L));

    private static ModelSource twoTiers() {
        return new ModelSource(
                "alice", SMALL, new byte[0], OperatingRange.unrestricted(), Map.of(ModelTier.GPU, LARGE));
    }

    /** A pipeline on the CPU with 16-pixel patches, the edge scorer and a time budget. */
    private static PipelineConfig.Builder config(Duration budget, String thread) {
        return PipelineConfig.builder()
                .enhancerOptions(CPU)
                .policy(KPolicySpec.budget(budget))
                .patchSize(16)
                .scorer(ScorerChoice.EDGE_ENERGY)
                .threadName(thread);
    }

    private static TierPicker picker() {
        return new TierPicker(CPU, 16, ScorerChoice.EDGE_ENERGY);
    }

    @Test
    void takesTheLargestTierWhenItFitsTheBudget() throws Exception {
        try (FrameEnhancer fe = picker().pick(twoTiers(), 64, 48, Duration.ofSeconds(1), null)) {
            assertEquals(ModelTier.GPU, fe.tier());
            TierPicker.Choice choice = fe.tierChoice().orElseThrow();
            assertEquals(
                    List.of(ModelTier.GPU),
                    choice.measured().stream().map(TierPicker.Measured::tier).toList());
            assertTrue(choice.describe().startsWith("gpu tier for 64x48: "), choice.describe());
            assertTrue(choice.describe().contains("fits the 1000.0 ms budget"), choice.describe());

            I420Frame frame = TestFrames.textured(64, 48, 3);
            I420Frame expected = frame.copy();
            try (Enhancer large = Enhancer.open(LARGE, CPU)) {
                large.enhanceFrame(expected);
            }
            FrameReport r = fe.enhance(frame, Integer.MAX_VALUE);
            assertEquals("gpu", r.tier());
            assertArrayEquals(expected.y(), frame.y(), "the frame went through the gpu tier's model");
        }
    }

    @Test
    void fallsBackToTheSmallestTierWhenNoneFits() throws Exception {
        // 1 microsecond: no model run fits it.
        try (FrameEnhancer fe = picker().pick(twoTiers(), 96, 64, Duration.ofNanos(1_000), null)) {
            assertEquals(ModelTier.CPU, fe.tier());
            TierPicker.Choice choice = fe.tierChoice().orElseThrow();
            assertEquals(
                    List.of(ModelTier.GPU, ModelTier.CPU),
                    choice.measured().stream().map(TierPicker.Measured::tier).toList());
            assertTrue(choice.measured().get(0).fullFrameMs() > 0, choice.describe());
            assertTrue(choice.describe().contains("exceeds (smallest tier)"), choice.describe());
            assertTrue(choice.describe().contains("(gpu "), choice.describe());
            FrameReport r = fe.enhance(TestFrames.textured(96, 64, 4), Integer.MAX_VALUE);
            assertEquals("cpu", r.tier());
        }
    }

    @Test
    void aLargerTierWhoseTimingDoesNotFinishInTimeIsLeftForTheNextOne() throws Exception {
        // A deadline no run can meet stands in for a runtime stuck in its first run (ONNX Runtime's
        // CUDA provider with a 48x8 fp16 network on the H100): the receiver goes on with the cpu tier.
        TierPicker impatient = new TierPicker(CPU, 16, ScorerChoice.EDGE_ENERGY, Duration.ofNanos(1));
        try (FrameEnhancer fe = impatient.pick(twoTiers(), 64, 48, Duration.ofSeconds(1), null)) {
            assertEquals(ModelTier.CPU, fe.tier());
            TierPicker.Choice choice = fe.tierChoice().orElseThrow();
            assertEquals(
                    List.of(ModelTier.CPU),
                    choice.measured().stream().map(TierPicker.Measured::tier).toList(),
                    "the gpu tier has no time: it was given up");
            assertEquals(
                    "cpu",
                    fe.enhance(TestFrames.textured(64, 48, 5), Integer.MAX_VALUE)
                            .tier());
        }
    }

    @Test
    void aSingleTierBundleIsNotTimed() throws Exception {
        try (FrameEnhancer fe =
                picker().pick(ModelSource.enhancerOnly("bob", SMALL), 64, 48, Duration.ofMillis(1), null)) {
            assertEquals(ModelTier.CPU, fe.tier());
            TierPicker.Choice choice = fe.tierChoice().orElseThrow();
            assertTrue(Double.isNaN(choice.measured().get(0).fullFrameMs()));
            assertEquals("cpu tier for 64x48: the bundle's only tier", choice.describe());
        }
    }

    @Test
    void reusesTheCpuTierItIsGiven() throws Exception {
        FrameEnhancer loaded =
                FrameEnhancer.load(twoTiers().onlyTier(ModelTier.CPU), CPU, 16, ScorerChoice.EDGE_ENERGY);
        try (FrameEnhancer fe = picker().pick(twoTiers(), 96, 64, Duration.ofNanos(1_000), loaded)) {
            assertTrue(fe == loaded, "the picker loaded the cpu tier again");
        }
    }

    @Test
    void aLargerTierThatDoesNotLoadHereLeavesTheCpuTierToRun() throws Exception {
        ModelSource broken = new ModelSource(
                "alice", SMALL, new byte[0], OperatingRange.unrestricted(), Map.of(ModelTier.GPU, new byte[] {1, 2, 3
                }));
        try (FrameEnhancer fe = picker().pick(broken, 64, 48, Duration.ofSeconds(1), null)) {
            assertEquals(ModelTier.CPU, fe.tier());
            assertEquals(
                    List.of(ModelTier.CPU),
                    fe.tierChoice().orElseThrow().measured().stream()
                            .map(TierPicker.Measured::tier)
                            .toList());
        }
    }

    @Test
    void aCpuTierThatDoesNotLoadFailsTheLoadNamingTheTier() {
        ModelSource broken = new ModelSource(
                "alice",
                new byte[] {1, 2, 3},
                new byte[0],
                OperatingRange.unrestricted(),
                Map.of(ModelTier.GPU, LARGE));
        ModelLoadException e = assertThrows(
                ModelLoadException.class, () -> picker().pick(broken, 64, 48, Duration.ofNanos(1_000), null));
        assertTrue(e.getMessage().startsWith("cpu tier: "), e.getMessage());
    }

    @Test
    void theBudgetIsThePolicysOwnOrThirtyFramesASecondLessTheReserve() {
        assertEquals(Duration.ofMillis(12), TierPicker.budget(KPolicySpec.budget(Duration.ofMillis(12))));
        assertEquals(TierPicker.DEFAULT_BUDGET, TierPicker.budget(KPolicySpec.fraction(1)));
    }

    @Test
    void thePipelinePicksAtTheFirstFrameAndSaysWhichTierRuns() throws Exception {
        LatestFrameQueue queue = new LatestFrameQueue(2);
        BlockingQueue<FrameResult> results = new LinkedBlockingQueue<>();
        PipelineConfig config = config(Duration.ofSeconds(1), "test-tiers").build();
        try (EnhancementPipeline pipeline = new EnhancementPipeline(queue, config, results::add)) {
            pipeline.start();
            ModelStatus loaded = pipeline.loadModel(twoTiers());
            assertTrue(loaded.ready(), loaded.toString());
            assertTrue(loaded.detail().contains("tier chosen at the first frame from [CPU, GPU]"), loaded.detail());
            queue.offer(TestFrames.textured(64, 48, 5));
            FrameResult r = results.poll(60, TimeUnit.SECONDS);
            assertNotNull(r, "no frame came out of the pipeline");
            assertTrue(r.report().enhanced(), r.report().summary());
            assertEquals("gpu", r.report().tier());
            assertTrue(r.report().summary().endsWith("gpu tier"), r.report().summary());
            assertTrue(
                    pipeline.modelStatus().detail().contains("gpu tier for 64x48"),
                    pipeline.modelStatus().detail());
        } finally {
            queue.close();
        }
    }

    @Test
    void theChosenTierRunsOnlyInsideItsOwnRange() throws Exception {
        // The gpu tier's training found it helps nowhere; the cpu tier may run anywhere.
        ModelSource source = new ModelSource(
                "alice",
                SMALL,
                new byte[0],
                OperatingRange.unrestricted(),
                Map.of(ModelTier.GPU, LARGE),
                Map.of(ModelTier.GPU, OperatingRange.nowhere("vp8", List.of())));
        assertEquals(
                OperatingRange.unrestricted(), source.onlyTier(ModelTier.CPU).range());
        LatestFrameQueue queue = new LatestFrameQueue(2);
        BlockingQueue<FrameResult> results = new LinkedBlockingQueue<>();
        PipelineConfig config = config(Duration.ofSeconds(1), "test-tier-range").build();
        try (EnhancementPipeline pipeline = new EnhancementPipeline(queue, config, results::add)) {
            pipeline.start();
            assertTrue(pipeline.loadModel(source).ready());
            queue.offer(TestFrames.textured(64, 48, 6));
            FrameResult r = results.poll(60, TimeUnit.SECONDS);
            assertNotNull(r, "no frame came out of the pipeline");
            assertFalse(r.report().enhanced(), r.report().summary());
            assertTrue(
                    r.report().passThroughReason().startsWith("outside the model's range"),
                    r.report().summary());
            assertTrue(
                    pipeline.modelStatus().detail().contains("gpu tier for 64x48"),
                    pipeline.modelStatus().detail());
        } finally {
            queue.close();
        }
    }

    @Test
    void withAnExpectedSizeThePipelinePicksAtLoad() throws Exception {
        LatestFrameQueue queue = new LatestFrameQueue(2);
        PipelineConfig config = config(Duration.ofMillis(1), "test-tiers-expected")
                .expectedSize(96, 64)
                .build();
        try (EnhancementPipeline pipeline = new EnhancementPipeline(queue, config, r -> {})) {
            ModelStatus status = pipeline.loadModel(twoTiers());
            assertTrue(status.ready(), status.toString());
            assertTrue(status.detail().contains("cpu tier for 96x64"), status.detail());
            assertFalse(status.detail().contains("first frame"), status.detail());
        } finally {
            queue.close();
        }
    }
}
