package io.dejavu.enhancer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnnxModelsTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private static float[] randomImage(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    private static float[] run(byte[] model, String input, float[] data, long... shape) throws Exception {
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(data), shape);
                OrtSession.Result r = s.run(Map.of(input, t))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] result = new float[out.remaining()];
            out.get(result);
            return result;
        }
    }

    @Test
    void enhancerGraphMatchesReferenceForwardPass() throws Exception {
        EdsrWeights w = EdsrWeights.random(8, 2, 3L);
        int h = 13;
        int wd = 17;
        float[] y = randomImage(h * wd, 5);
        float[] onnx = run(OnnxModels.writeEnhancer(w), OnnxModels.ENHANCER_INPUT, y, 1, 1, h, wd);
        float[] expected = ReferenceNets.edsr(w, y, h, wd);
        assertArrayEquals(expected, onnx, 1e-5f);
    }

    @Test
    void identityEnhancerReturnsItsInputExactly() throws Exception {
        float[] y = randomImage(2 * 20 * 30, 9);
        float[] out =
                run(OnnxModels.writeEnhancer(EdsrWeights.identity(16, 4)), OnnxModels.ENHANCER_INPUT, y, 2, 1, 20, 30);
        assertArrayEquals(y, out, 0f);
    }

    @Test
    void enhancerRunsOnAnyBatchAndSize() throws Exception {
        byte[] model = OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 1L));
        assertEquals(3 * 8 * 64, run(model, "y", new float[3 * 8 * 64], 3, 1, 8, 64).length);
        assertEquals(40 * 6, run(model, "y", new float[40 * 6], 1, 1, 40, 6).length);
    }

    @Test
    void fp16EnhancerAgreesWithFp32WithinHalfPrecision() throws Exception {
        EdsrWeights w = EdsrWeights.random(16, 4, 11L);
        int h = 24;
        int wd = 24;
        float[] y = randomImage(h * wd, 12);
        float[] expected = ReferenceNets.edsr(w, y, h, wd);
        ByteBuffer in = ByteBuffer.allocateDirect(y.length * 2).order(ByteOrder.nativeOrder());
        for (float v : y) {
            in.putShort(Fp16Conversions.floatToFp16(v));
        }
        in.flip();
        try (OrtSession s = ENV.createSession(
                        OnnxModels.writeEnhancer(w, Precision.FP16), new OrtSession.SessionOptions());
                OnnxTensor t = OnnxTensor.createTensor(ENV, in, new long[] {1, 1, h, wd}, OnnxJavaType.FLOAT16);
                OrtSession.Result r = s.run(Map.of("y", t))) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            assertEquals(OnnxJavaType.FLOAT16, out.getInfo().type);
            ByteBuffer b = out.getByteBuffer().order(ByteOrder.nativeOrder());
            for (int i = 0; i < expected.length; i++) {
                float v = Fp16Conversions.fp16ToFloat(b.getShort());
                assertEquals(expected[i], v, 4e-3f, "pixel " + i);
            }
        }
    }

    @Test
    void scorerGraphMatchesReferenceForwardPass() throws Exception {
        ScorerWeights w = ScorerWeights.random(21L);
        int p = 32;
        float[] patches = randomImage(3 * p * p, 22);
        float[] out = run(OnnxModels.writeScorer(w), OnnxModels.SCORER_INPUT, patches, 3, 1, p, p);
        assertEquals(3, out.length);
        for (int i = 0; i < 3; i++) {
            float[] one = new float[p * p];
            System.arraycopy(patches, i * p * p, one, 0, p * p);
            assertEquals(ReferenceNets.scorer(w, one, p), out[i], 1e-5f, "patch " + i);
        }
    }

    @Test
    void sameSeedGivesSameWeights() {
        assertEquals(EdsrWeights.random(16, 4, 7L), EdsrWeights.random(16, 4, 7L));
        assertTrue(!EdsrWeights.random(16, 4, 7L).equals(EdsrWeights.random(16, 4, 8L)));
        assertArrayEquals(
                OnnxModels.writeScorer(ScorerWeights.random(3L)), OnnxModels.writeScorer(ScorerWeights.random(3L)));
    }

    @Test
    void receptiveFieldIsTwoPerBlockPlusTwo() {
        assertEquals(10, EdsrWeights.random(16, 4, 1L).receptiveFieldRadius());
        assertEquals(2, EdsrWeights.random(4, 0, 1L).receptiveFieldRadius());
    }

    @Test
    void rejectsWeightsOfTheWrongShape() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> new ConvWeights(16, 1, 3, new float[10], new float[16]));
        assertEquals("conv weight has 10 values, expected 144 for [16,1,3,3]", e.getMessage());
        EdsrWeights ok = EdsrWeights.random(16, 1, 1L);
        var e2 = assertThrows(
                IllegalArgumentException.class,
                () -> new EdsrWeights(ok.head(), ok.blocks(), ConvWeights.zeros(1, 8, 3)));
        assertEquals("tail is [1,8,3,3], expected [1,16,3,3]", e2.getMessage());
        float[] nan = new float[16];
        nan[3] = Float.NaN;
        var e3 = assertThrows(IllegalArgumentException.class, () -> new ConvWeights(16, 1, 3, new float[144], nan));
        assertEquals("conv bias[3] is NaN, expected a finite number", e3.getMessage());
    }
}
