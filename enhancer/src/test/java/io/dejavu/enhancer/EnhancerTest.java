package io.dejavu.enhancer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.onnx.ConvWeights;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.ModelValidationException;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.Precision;
import io.dejavu.enhancer.onnx.ScorerWeights;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.TestFrames;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnhancerTest {
    private static final EnhancerOptions CPU = EnhancerOptions.cpu(1);

    private static int[] allPatches(PatchGrid grid) {
        int[] all = new int[grid.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /** 1 channel, no blocks: head copies Y, tail scales it by {@code gain}; output = (1 + gain) * Y. */
    private static EdsrWeights scaling(float gain) {
        float[] head = new float[9];
        head[4] = 1f;
        float[] tail = new float[9];
        tail[4] = gain;
        return new EdsrWeights(
                new ConvWeights(1, 1, 3, head, new float[1]), List.of(), new ConvWeights(1, 1, 3, tail, new float[1]));
    }

    @Test
    void identityModelLeavesTheFrameUnchanged() throws Exception {
        I420Frame frame = TestFrames.textured(160, 96, 1);
        I420Frame before = frame.copy();
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(EdsrWeights.identity(16, 4)), CPU)) {
            e.enhanceFrame(frame);
            assertArrayEquals(before.y(), frame.y());
            PatchGrid grid = e.grid(160, 96, 32);
            e.enhancePatches(frame, grid, allPatches(grid), grid.count());
            assertArrayEquals(before.y(), frame.y());
        }
    }

    @Test
    void fp16IdentityModelGivesBackEveryByteValue() throws Exception {
        // the fp16 input table and the rounding on the way out must round-trip all 256 levels
        I420Frame frame = I420Frame.blank(32, 16);
        for (int i = 0; i < 512; i++) {
            frame.y()[i] = (byte) (i % 256);
        }
        byte[] before = frame.y().clone();
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1), Precision.FP16), CPU)) {
            e.enhanceFrame(frame);
        }
        assertArrayEquals(before, frame.y());
    }

    @Test
    void knownModelGivesExpectedClampedOutputAndLeavesChromaAlone() throws Exception {
        I420Frame frame = TestFrames.textured(64, 48, 2);
        I420Frame before = frame.copy();
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(scaling(0.5f)), CPU)) {
            assertEquals(2, e.receptiveFieldRadius());
            e.enhanceFrame(frame);
        }
        for (int i = 0; i < frame.y().length; i++) {
            int expected = Math.min(255, Math.round((before.y()[i] & 0xff) * 1.5f));
            assertEquals(expected, frame.y()[i] & 0xff, "pixel " + i);
        }
        assertArrayEquals(before.u(), frame.u());
        assertArrayEquals(before.v(), frame.v());
    }

    @Test
    void negativeOutputsClampToZero() throws Exception {
        I420Frame frame = TestFrames.textured(32, 32, 3);
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(scaling(-3f)), CPU)) {
            e.enhanceFrame(frame);
        }
        for (byte b : frame.y()) {
            assertEquals(0, b);
        }
    }

    @Test
    void patchWiseEqualsFullFrameInsideEveryPatch() throws Exception {
        I420Frame full = TestFrames.textured(200, 120, 4);
        I420Frame patched = full.copy();
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(EdsrWeights.random(16, 4, 5L)), CPU)) {
            assertEquals(10, e.receptiveFieldRadius());
            e.enhanceFrame(full);
            PatchGrid grid = e.grid(200, 120, 32);
            e.enhancePatches(patched, grid, allPatches(grid), grid.count());
        }
        int differ = 0;
        for (int i = 0; i < full.y().length; i++) {
            int d = Math.abs((full.y()[i] & 0xff) - (patched.y()[i] & 0xff));
            assertTrue(d <= 1, "pixel " + i + " differs by " + d);
            differ += d;
        }
        // Float summation order may differ between a tile and the frame; a rounding flip is the most.
        assertTrue(differ <= full.y().length / 1000, differ + " pixels off by one");
    }

    @Test
    void patchWiseRawOutputMatchesFullFrameWithinFloatPrecision() throws Exception {
        I420Frame frame = TestFrames.textured(96, 64, 6);
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(EdsrWeights.random(8, 2, 9L)), CPU)) {
            float[] y = new float[96 * 64];
            for (int i = 0; i < y.length; i++) {
                y[i] = (frame.y()[i] & 0xff) / 255f;
            }
            float[] whole = e.infer(y, 1, 64, 96);
            PatchGrid grid = e.grid(96, 64, 16);
            int p = 17; // an interior patch
            float[] tile = new float[grid.tileWidth() * grid.tileHeight()];
            for (int r = 0; r < grid.tileHeight(); r++) {
                System.arraycopy(
                        y, (grid.tileY(p) + r) * 96 + grid.tileX(p), tile, r * grid.tileWidth(), grid.tileWidth());
            }
            float[] out = e.infer(tile, 1, grid.tileHeight(), grid.tileWidth());
            for (int r = 0; r < 16; r++) {
                for (int c = 0; c < 16; c++) {
                    int ty = grid.patchY(p) - grid.tileY(p) + r;
                    int tx = grid.patchX(p) - grid.tileX(p) + c;
                    assertEquals(
                            whole[(grid.patchY(p) + r) * 96 + grid.patchX(p) + c],
                            out[ty * grid.tileWidth() + tx],
                            1e-5f);
                }
            }
        }
    }

    @Test
    void enhancesOnlyTheChosenPatches() throws Exception {
        I420Frame frame = TestFrames.textured(128, 64, 7);
        I420Frame before = frame.copy();
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(scaling(0.2f)), CPU)) {
            PatchGrid grid = e.grid(128, 64, 32);
            e.enhancePatches(frame, grid, new int[] {5, 0, 3}, 1);
            // only patch 5 (x 32..63, y 32..63) changed
            for (int row = 0; row < 64; row++) {
                for (int col = 0; col < 128; col++) {
                    int i = row * 128 + col;
                    boolean inPatch = row >= 32 && col >= 32 && col < 64;
                    int expected =
                            inPatch ? Math.min(255, Math.round((before.y()[i] & 0xff) * 1.2f)) : before.y()[i] & 0xff;
                    assertEquals(expected, frame.y()[i] & 0xff, "pixel " + col + "," + row);
                }
            }
        }
    }

    @Test
    void zeroPatchesLeavesTheFrameUnchanged() throws Exception {
        I420Frame frame = TestFrames.textured(96, 64, 8);
        byte[] before = frame.y().clone();
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(scaling(0.5f)), CPU)) {
            assertEquals(StageNanos.ZERO, e.enhancePatches(frame, e.grid(96, 64, 32), new int[0], 0));
        }
        assertArrayEquals(before, frame.y());
    }

    @Test
    void fp16ModelMatchesFp32WithinOneLevel() throws Exception {
        EdsrWeights w = EdsrWeights.random(16, 4, 10L);
        I420Frame a = TestFrames.textured(96, 64, 9);
        I420Frame b = a.copy();
        try (Enhancer fp32 = Enhancer.open(OnnxModels.writeEnhancer(w, Precision.FP32), CPU);
                Enhancer fp16 = Enhancer.open(OnnxModels.writeEnhancer(w, Precision.FP16), CPU)) {
            assertEquals(Precision.FP16, fp16.precision());
            fp32.enhanceFrame(a);
            PatchGrid grid = fp16.grid(96, 64, 32);
            fp16.enhancePatches(b, grid, allPatches(grid), grid.count());
        }
        for (int i = 0; i < a.y().length; i++) {
            assertTrue(Math.abs((a.y()[i] & 0xff) - (b.y()[i] & 0xff)) <= 1, "pixel " + i);
        }
    }

    @Test
    void reportsCpuProviderAndWhyNotCuda() throws Exception {
        try (Enhancer e =
                Enhancer.open(OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1)), EnhancerOptions.defaults())) {
            if (!OrtSessions.cudaAvailable()) {
                assertEquals(ExecutionProvider.CPU, e.provider());
                assertEquals(
                        "CUDA provider not in this ONNX Runtime build",
                        e.fallbackReason().orElseThrow());
            }
        }
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1)), EnhancerOptions.cpu(2))) {
            assertEquals(ExecutionProvider.CPU, e.provider());
            assertEquals("CPU 2 threads", e.providerDescription());
            assertTrue(e.fallbackReason().isEmpty());
        }
    }

    @Test
    void corruptModelGivesAClearError() {
        byte[] model = OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 1L));
        byte[] corrupt = Arrays.copyOf(model, model.length / 2);
        var e = assertThrows(ModelLoadException.class, () -> Enhancer.open(corrupt, CPU));
        assertTrue(e.getMessage().startsWith("enhancer model is not a loadable ONNX model"), e.getMessage());
    }

    @Test
    void wrongShapedModelIsRejected() {
        var e = assertThrows(
                ModelValidationException.class,
                () -> Enhancer.open(OnnxModels.writeScorer(ScorerWeights.random(1L)), CPU));
        assertTrue(e.getMessage().startsWith("enhancer output 'score' has 2 dimensions"), e.getMessage());
    }

    @Test
    void refusesUseAfterClose() throws Exception {
        Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1)), CPU);
        e.close();
        var ex = assertThrows(IllegalStateException.class, () -> e.enhanceFrame(I420Frame.blank(32, 32)));
        assertEquals("enhancer is closed", ex.getMessage());
        e.close(); // idempotent
    }

    @Test
    void warmUpCoversTheShapesOfAFrameSize() throws Exception {
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 2L)), CPU)) {
            int beforeWarmUp = e.shapesRun();
            e.warmUp(128, 96, 32);
            int warmed = e.shapesRun();
            // on the CPU (exact batches): the whole frame, one patch, and a quarter of the 4x3 grid
            assertEquals(beforeWarmUp + 3, warmed);

            // a call at that size then runs only shapes the warm-up already ran
            I420Frame frame = TestFrames.textured(128, 96, 11);
            PatchGrid grid = e.grid(128, 96, 32);
            int[] patches = {5, 0, 11, 7};
            e.enhanceFrame(frame);
            e.enhancePatches(frame, grid, patches, 1);
            e.enhancePatches(frame, grid, patches, grid.count() / 4);
            assertEquals(warmed, e.shapesRun(), "a frame of the warmed-up size ran a shape warm-up did not");

            // the count does see new shapes: another frame size is one
            e.enhanceFrame(TestFrames.textured(96, 64, 3));
            assertEquals(warmed + 1, e.shapesRun());
        }
    }

    @Test
    void rejectsGridOfAnotherFrameSize() throws Exception {
        try (Enhancer e = Enhancer.open(OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1)), CPU)) {
            PatchGrid grid = e.grid(64, 64, 32);
            var ex = assertThrows(
                    IllegalArgumentException.class,
                    () -> e.enhancePatches(I420Frame.blank(96, 64), grid, new int[] {0}, 1));
            assertEquals("grid is 64x64 but the frame is 96x64", ex.getMessage());
        }
    }
}
