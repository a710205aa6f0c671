package io.dejavu.scorer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.dejavu.enhancer.Enhancer;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.onnx.ConvWeights;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.ScorerWeights;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.scorer.EdgeEnergyScorer;
import io.dejavu.testing.TestFrames;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameEnhancerTest {
    static final EnhancerOptions CPU = EnhancerOptions.cpu(1);

    /** Output = (1 + gain) * input: every changed pixel is visible. */
    static byte[] scalingModel(float gain) {
        float[] head = new float[9];
        head[4] = 1f;
        float[] tail = new float[9];
        tail[4] = gain;
        return OnnxModels.writeEnhancer(new EdsrWeights(
                new ConvWeights(1, 1, 3, head, new float[1]), List.of(), new ConvWeights(1, 1, 3, tail, new float[1])));
    }

    @Test
    void kZeroPassesTheFrameThroughUnchanged() throws Exception {
        I420Frame frame = TestFrames.textured(128, 64, 1);
        byte[] before = frame.y().clone();
        try (FrameEnhancer fe =
                new FrameEnhancer("t", Enhancer.open(scalingModel(0.5f), CPU), new EdgeEnergyScorer(), 32)) {
            FrameReport r = fe.enhance(frame, 0);
            assertEquals(FrameReport.Outcome.PASSED_THROUGH, r.outcome());
            assertEquals("k = 0", r.passThroughReason());
        }
        assertArrayEquals(before, frame.y());
    }

    @Test
    void edgeEnergyTopOneEnhancesTheBusyPatchOnly() throws Exception {
        I420Frame frame = TestFrames.flatWithBusySquare(128, 64, 64, 32, 32, 2);
        I420Frame before = frame.copy();
        try (FrameEnhancer fe =
                new FrameEnhancer("t", Enhancer.open(scalingModel(0.1f), CPU), new EdgeEnergyScorer(), 32)) {
            FrameReport r = fe.enhance(frame, 1);
            assertEquals(FrameReport.Outcome.ENHANCED_PATCHES, r.outcome());
            assertEquals(1, r.k());
            assertEquals(8, r.patchCount());
            assertEquals(12.5, r.enhancedAreaPercent(), 1e-9);
            assertEquals("edge-energy", r.scorer());
        }
        for (int row = 0; row < 64; row++) {
            for (int col = 0; col < 128; col++) {
                int i = row * 128 + col;
                boolean busy = row >= 32 && col >= 64 && col < 96;
                int expected = busy ? Math.min(255, Math.round((before.y()[i] & 0xff) * 1.1f)) : before.y()[i] & 0xff;
                assertEquals(expected, frame.y()[i] & 0xff, "pixel " + col + "," + row);
            }
        }
        assertArrayEquals(before.u(), frame.u());
    }

    @Test
    void kOfAllPatchesRunsTheWholeFrame() throws Exception {
        I420Frame a = TestFrames.textured(128, 64, 3);
        I420Frame b = a.copy();
        byte[] model = OnnxModels.writeEnhancer(EdsrWeights.random(8, 2, 4L));
        try (FrameEnhancer fe = new FrameEnhancer("t", Enhancer.open(model, CPU), new EdgeEnergyScorer(), 32);
                Enhancer plain = Enhancer.open(model, CPU)) {
            FrameReport r = fe.enhance(a, Integer.MAX_VALUE);
            assertEquals(FrameReport.Outcome.ENHANCED_FULL_FRAME, r.outcome());
            assertEquals(100.0, r.enhancedAreaPercent());
            plain.enhanceFrame(b);
        }
        assertArrayEquals(b.y(), a.y());
    }

    @Test
    void loadsABundleWithItsLearnedScorer() throws Exception {
        ModelSource src =
                new ModelSource("alice", scalingModel(0.2f), OnnxModels.writeScorer(ScorerWeights.random(5L)));
        try (FrameEnhancer fe = FrameEnhancer.load(src, CPU, 32, ScorerChoice.MODEL_IF_PRESENT)) {
            assertEquals("onnx", fe.scorer().name());
            I420Frame frame = TestFrames.textured(128, 64, 4);
            byte[] before = frame.y().clone();
            FrameReport r = fe.enhance(frame, 2);
            assertEquals(2, r.k());
            assertEquals("CPU 1 threads", r.provider());
            assertNotEquals(java.util.Arrays.hashCode(before), java.util.Arrays.hashCode(frame.y()));
        }
        try (FrameEnhancer fe = FrameEnhancer.load(src, CPU, 32, ScorerChoice.EDGE_ENERGY)) {
            assertEquals("edge-energy", fe.scorer().name());
        }
    }
}
