package io.dejavu.scorer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.Enhancer;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.FusedTopK;
import io.dejavu.enhancer.PatchGrid;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.ModelValidationException;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.Precision;
import io.dejavu.enhancer.onnx.ScorerWeights;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.scorer.OnnxPatchScorer;
import io.dejavu.testing.TestFrames;
import org.junit.jupiter.api.Test;

/**
 * The fused top-k run (score, select, enhance in one ONNX Runtime run) against the separate steps,
 * on the CPU provider: same graphs, so the same bytes.
 */
class FusedTopKTest {
    static final EnhancerOptions CPU = EnhancerOptions.cpu(1);
    static final byte[] ENHANCER = OnnxModels.writeEnhancer(EdsrWeights.random(8, 2, 5L));
    static final byte[] SCORER = OnnxModels.writeScorer(ScorerWeights.random(6L));

    static FrameEnhancer separate(byte[] enhancer) throws Exception {
        return new FrameEnhancer("separate", Enhancer.open(enhancer, CPU), OnnxPatchScorer.open(SCORER, CPU), 16);
    }

    static FrameEnhancer fused(byte[] enhancer) throws Exception {
        Enhancer e = Enhancer.open(enhancer, CPU);
        return new FrameEnhancer("fused", e, OnnxPatchScorer.open(SCORER, CPU), 16, e.openFusedTopK(SCORER));
    }

    @Test
    void fusedTopKGivesTheSameFrameAsScoringSelectingAndEnhancingSeparately() throws Exception {
        // 100x60 is not a multiple of 16: the last row and column of patches overlap their neighbours
        try (FrameEnhancer a = separate(ENHANCER);
                FrameEnhancer b = fused(ENHANCER)) {
            assertTrue(b.fusedTopK());
            assertFalse(a.fusedTopK());
            for (int k : new int[] {1, 5, 13}) {
                I420Frame x = TestFrames.textured(100, 60, k);
                I420Frame y = x.copy();
                FrameReport ra = a.enhance(x, k);
                FrameReport rb = b.enhance(y, k);
                assertNotEquals(0, countChanged(x, TestFrames.textured(100, 60, k)), "the model changes pixels");
                assertArrayEquals(x.y(), y.y(), "k=" + k);
                assertArrayEquals(x.u(), y.u());
                assertArrayEquals(x.v(), y.v());
                assertEquals(ra.k(), rb.k());
                assertEquals(FrameReport.Outcome.ENHANCED_PATCHES, rb.outcome());
                assertEquals(FrameEnhancer.FUSED_SCORER, rb.scorer());
                assertEquals(0.0, rb.scoreMs(), "scoring ran inside the enhance stage");
            }
        }
    }

    @Test
    void fusedTopKMatchesForAnFp16Model() throws Exception {
        byte[] fp16 = OnnxModels.writeEnhancer(EdsrWeights.random(8, 1, 9L), Precision.FP16);
        try (FrameEnhancer a = separate(fp16);
                FrameEnhancer b = fused(fp16)) {
            I420Frame x = TestFrames.textured(64, 48, 3);
            I420Frame y = x.copy();
            a.enhance(x, 4);
            b.enhance(y, 4);
            assertArrayEquals(x.y(), y.y());
        }
    }

    @Test
    void aFailingFusedRunFallsBackToSeparateStepsWithTheSameResult() throws Exception {
        Enhancer e = Enhancer.open(ENHANCER, CPU);
        FusedTopK broken = e.openFusedTopK(SCORER);
        broken.close(); // every run of it now throws
        try (FrameEnhancer a = separate(ENHANCER);
                FrameEnhancer b = new FrameEnhancer("b", e, OnnxPatchScorer.open(SCORER, CPU), 16, broken)) {
            I420Frame x = TestFrames.textured(100, 60, 4);
            I420Frame y = x.copy();
            a.enhance(x, 6);
            FrameReport r = b.enhance(y, 6);
            assertArrayEquals(x.y(), y.y());
            assertEquals("onnx", r.scorer());
            assertFalse(b.fusedTopK(), "the fused path is dropped after it failed");
        }
    }

    @Test
    void fusedRunRejectsAnOutOfRangeKAndAGridOfAnotherSize() throws Exception {
        try (Enhancer e = Enhancer.open(ENHANCER, CPU);
                FusedTopK f = e.openFusedTopK(SCORER)) {
            PatchGrid grid = e.grid(64, 48, 16);
            I420Frame frame = TestFrames.textured(64, 48, 1);
            assertThrows(IllegalArgumentException.class, () -> f.enhance(frame, grid, 0));
            assertThrows(IllegalArgumentException.class, () -> f.enhance(frame, grid, grid.count() + 1));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> f.enhance(TestFrames.textured(80, 48, 1), grid, 1),
                    "grid for 64x48, frame 80x48");
            f.close();
            assertThrows(IllegalStateException.class, () -> f.enhance(frame, grid, 1));
        }
    }

    @Test
    void openingAFusedRunWithABrokenScorerFailsClearly() throws Exception {
        try (Enhancer e = Enhancer.open(ENHANCER, CPU)) {
            ModelValidationException ex = assertThrows(ModelValidationException.class, () -> e.openFusedTopK(ENHANCER));
            assertTrue(ex.getMessage().contains("scorer"), ex.getMessage());
        }
    }

    private static int countChanged(I420Frame a, I420Frame b) {
        int n = 0;
        for (int i = 0; i < a.y().length; i++) {
            n += a.y()[i] != b.y()[i] ? 1 : 0;
        }
        return n;
    }
}
