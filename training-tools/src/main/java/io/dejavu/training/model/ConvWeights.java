package io.dejavu.training.model;

/**
 * One convolution's (or, with {@code kernel == 1} and {@code in} inputs, one linear layer's)
 * weights in ONNX layout {@code [out, in, k, k]} and its bias.
 *
 * @param out output channels
 * @param in input channels
 * @param kernel kernel side (3 for convolutions, 1 for the linear layer)
 * @param stride stride (1 or 2)
 * @param weight {@code out * in * kernel * kernel} values
 * @param bias {@code out} values
 */
public record ConvWeights(int out, int in, int kernel, int stride, float[] weight, float[] bias) {
    public ConvWeights {
        if (weight.length != out * in * kernel * kernel) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected " + out + "x" + in
                    + "x" + kernel + "x" + kernel);
        }
        if (bias.length != out) {
            throw new IllegalArgumentException("bias has " + bias.length + " values, expected " + out);
        }
    }
}
