package io.dejavu.enhancer.onnx;

import java.util.Arrays;
import java.util.Random;

/**
 * Weights of one square 2-D convolution in ONNX layout: {@code weight} is
 * {@code [outChannels, inChannels, kernel, kernel]} flattened row-major, {@code bias} is
 * {@code [outChannels]}.
 *
 * <pre>{@code
 * ConvWeights head = new ConvWeights(16, 1, 3, new float[16 * 1 * 3 * 3], new float[16]);
 * }</pre>
 *
 * @param outChannels output channels, at least 1
 * @param inChannels input channels, at least 1
 * @param kernel kernel side, odd and at least 1
 * @param weight {@code outChannels * inChannels * kernel * kernel} finite values
 * @param bias {@code outChannels} finite values
 */
public record ConvWeights(int outChannels, int inChannels, int kernel, float[] weight, float[] bias) {
    public ConvWeights {
        if (outChannels < 1 || inChannels < 1) {
            throw new IllegalArgumentException(
                    "conv channels must be at least 1, got out=" + outChannels + " in=" + inChannels);
        }
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("conv kernel must be odd and at least 1, got " + kernel);
        }
        if (weight == null || weight.length != outChannels * inChannels * kernel * kernel) {
            throw new IllegalArgumentException("conv weight has " + (weight == null ? "no" : weight.length)
                    + " values, expected " + outChannels * inChannels * kernel * kernel + " for [" + outChannels + ","
                    + inChannels + "," + kernel + "," + kernel + "]");
        }
        if (bias == null || bias.length != outChannels) {
            throw new IllegalArgumentException("conv bias has " + (bias == null ? "no" : bias.length)
                    + " values, expected " + outChannels + " (one per output channel)");
        }
        requireFinite("conv weight", weight);
        requireFinite("conv bias", bias);
        weight = weight.clone();
        bias = bias.clone();
    }

    /** All-zero weights and bias: a convolution whose output is 0 everywhere. */
    public static ConvWeights zeros(int outChannels, int inChannels, int kernel) {
        return new ConvWeights(
                outChannels,
                inChannels,
                kernel,
                new float[outChannels * inChannels * kernel * kernel],
                new float[outChannels]);
    }

    /**
     * He-style random weights (normal, std {@code scale * sqrt(2 / fanIn)}) and small random
     * biases, drawn from {@code random}.
     */
    public static ConvWeights random(int outChannels, int inChannels, int kernel, double scale, Random random) {
        float[] w = new float[outChannels * inChannels * kernel * kernel];
        float[] b = new float[outChannels];
        double std = scale * Math.sqrt(2.0 / (inChannels * kernel * kernel));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * std);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (random.nextGaussian() * 0.01 * scale);
        }
        return new ConvWeights(outChannels, inChannels, kernel, w, b);
    }

    /** A copy of the weights (the record keeps its own copy so callers cannot change it). */
    @Override
    public float[] weight() {
        return weight.clone();
    }

    @Override
    public float[] bias() {
        return bias.clone();
    }

    float[] weightView() {
        return weight;
    }

    float[] biasView() {
        return bias;
    }

    /** The weight at {@code [o, i, ky, kx]}. */
    public float weightAt(int o, int i, int ky, int kx) {
        return weight[((o * inChannels + i) * kernel + ky) * kernel + kx];
    }

    static void requireFinite(String what, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is " + values[i] + ", expected a finite number");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvWeights c
                && c.outChannels == outChannels
                && c.inChannels == inChannels
                && c.kernel == kernel
                && Arrays.equals(c.weight, weight)
                && Arrays.equals(c.bias, bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weight) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "ConvWeights[" + outChannels + "<-" + inChannels + ", " + kernel + "x" + kernel + "]";
    }
}
