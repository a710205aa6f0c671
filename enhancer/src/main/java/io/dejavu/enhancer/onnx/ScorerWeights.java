package io.dejavu.enhancer.onnx;

import java.util.Objects;
import java.util.Random;

/**
 * Weights of the patch scorer, a small CNN that predicts how many dB enhancing a patch gains.
 *
 * <p>Architecture: conv3x3 stride 2 pad 1, 1 to 8, ReLU; conv3x3 stride 2 pad 1, 8 to 16, ReLU;
 * conv3x3 stride 2 pad 1, 16 to 16, ReLU; global average pool; flatten; Gemm 16 to 1. Input
 * {@code patches} [N,1,P,P] in [0,1], output {@code score} [N,1].
 *
 * <pre>{@code
 * byte[] onnx = OnnxModels.writeScorer(ScorerWeights.random(7L));
 * }</pre>
 *
 * @param conv1 1 to 8, 3x3
 * @param conv2 8 to 16, 3x3
 * @param conv3 16 to 16, 3x3
 * @param fcWeight the 16 weights of the final linear layer
 * @param fcBias its bias
 */
public record ScorerWeights(ConvWeights conv1, ConvWeights conv2, ConvWeights conv3, float[] fcWeight, float fcBias) {
    /** Channels after the first convolution. */
    public static final int C1 = 8;
    /** Channels after the second and third convolutions (and inputs of the linear layer). */
    public static final int C2 = 16;

    public ScorerWeights {
        Objects.requireNonNull(conv1, "conv1");
        Objects.requireNonNull(conv2, "conv2");
        Objects.requireNonNull(conv3, "conv3");
        requireShape("conv1", conv1, C1, 1);
        requireShape("conv2", conv2, C2, C1);
        requireShape("conv3", conv3, C2, C2);
        if (fcWeight == null || fcWeight.length != C2) {
            throw new IllegalArgumentException(
                    "scorer fcWeight has " + (fcWeight == null ? "no" : fcWeight.length) + " values, expected " + C2);
        }
        ConvWeights.requireFinite("scorer fcWeight", fcWeight);
        if (!Float.isFinite(fcBias)) {
            throw new IllegalArgumentException("scorer fcBias is " + fcBias + ", expected a finite number");
        }
        fcWeight = fcWeight.clone();
    }

    private static void requireShape(String name, ConvWeights conv, int out, int in) {
        if (conv.outChannels() != out || conv.inChannels() != in || conv.kernel() != 3) {
            throw new IllegalArgumentException("scorer " + name + " is [" + conv.outChannels() + "," + conv.inChannels()
                    + "," + conv.kernel() + "," + conv.kernel() + "], expected [" + out + "," + in + ",3,3]");
        }
    }

    @Override
    public float[] fcWeight() {
        return fcWeight.clone();
    }

    float[] fcWeightView() {
        return fcWeight;
    }

    /** Random, untrained weights from a seed (same seed, same weights). */
    public static ScorerWeights random(long seed) {
        Random random = new Random(seed);
        float[] fc = new float[C2];
        for (int i = 0; i < fc.length; i++) {
            fc[i] = (float) (random.nextGaussian() * 0.25);
        }
        return new ScorerWeights(
                ConvWeights.random(C1, 1, 3, 1.0, random),
                ConvWeights.random(C2, C1, 3, 1.0, random),
                ConvWeights.random(C2, C2, 3, 1.0, random),
                fc,
                0.1f);
    }
}
