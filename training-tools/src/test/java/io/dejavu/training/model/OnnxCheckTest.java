package io.dejavu.training.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.training.TrainingException;
import io.dejavu.training.eval.OrtModel;
import io.dejavu.training.train.ReferenceOutputs;
import io.dejavu.training.train.TrainingDevice;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The export check accepts the float noise of where DJL ran (TF32 on a GPU is coarser than fp32)
 * and still refuses a graph that computes something else.
 */
class OnnxCheckTest {
    private static final TrainingDevice CPU = new TrainingDevice(Device.cpu(), "CPU (1 thread)");
    private static final TrainingDevice GPU = new TrainingDevice(Device.gpu(0), "cuda:0 (test)");
    private static final long[] SHAPE = {2, 1, 24, 24};

    private static float[] input() {
        Random r = new Random(5);
        float[] in = new float[2 * 24 * 24];
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextFloat();
        }
        return in;
    }

    /** What ONNX Runtime computes for {@code weights}, each value moved by {@code noise}. */
    private static float[] outputOf(EdsrWeights weights, float[] in, float noise) {
        try (OrtModel m = OrtModel.fromBytes(OnnxGraphs.enhancer(OnnxGraphs.fromShared(weights)), 1)) {
            float[] out = m.run(in, SHAPE);
            for (int i = 0; i < out.length; i++) {
                out[i] += (i % 2 == 0 ? noise : -noise);
            }
            return out;
        }
    }

    @Test
    void tf32SizedNoiseFromAGpuPassesButNotFromTheCpu() {
        EdsrWeights w = EdsrWeights.random(32, 8, 11L);
        byte[] onnx = OnnxGraphs.enhancer(OnnxGraphs.fromShared(w));
        float[] in = input();
        float[] noisy = outputOf(w, in, 3e-4f); // about what TF32 did to a 32x8 network on the H100

        assertTrue(OnnxCheck.verify("gpu", onnx, ReferenceOutputs.of(in, SHAPE, noisy, GPU)) < 4e-4);
        TrainingException e = assertThrows(
                TrainingException.class,
                () -> OnnxCheck.verify("cpu", onnx, ReferenceOutputs.of(in, SHAPE, noisy, CPU)));
        assertTrue(e.getMessage().contains("allowed 1.0E-4"), e.getMessage());
    }

    @Test
    void aGraphOfOtherWeightsFailsOnEitherDevice() {
        float[] in = input();
        byte[] exported = OnnxGraphs.enhancer(OnnxGraphs.fromShared(EdsrWeights.random(32, 8, 11L)));
        float[] trained = outputOf(EdsrWeights.random(32, 8, 12L), in, 0f);
        for (TrainingDevice d : new TrainingDevice[] {CPU, GPU}) {
            assertThrows(
                    TrainingException.class,
                    () -> OnnxCheck.verify("enhancer.onnx", exported, ReferenceOutputs.of(in, SHAPE, trained, d)),
                    d.toString());
        }
    }
}
