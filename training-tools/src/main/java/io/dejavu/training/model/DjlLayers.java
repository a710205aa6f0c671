package io.dejavu.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

/** Moves weights between DJL convolutions and {@link ConvWeights}. */
final class DjlLayers {
    private static final NDIndex ALL = new NDIndex("...");

    private DjlLayers() {}

    static Conv2d conv3x3(int filters, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .optStride(new Shape(stride, stride))
                .setFilters(filters)
                .build();
    }

    /**
     * {@code conv} applied to {@code x}, computed with its outputs padded by zero filters to a
     * multiple of {@code multiple} and cut back to its own outputs. On the CPU, oneDNN keeps
     * channels in blocks of 16 (AVX-512; 8 on AVX2) and its convolution backward reads the padding
     * of a block it did not write: with an output width that is not a multiple of the block, stale
     * memory in that padding (NaN now and then) reaches the input gradient as 0 x NaN (ADR 0507,
     * docs/PERFORMANCE.md "Where training's NaNs come from"). Zero filters of our own leave oneDNN
     * no padding to read. The parameters keep their shapes, so initialisation, export and loading
     * are those of {@code conv}.
     */
    static NDArray forward(Conv2d conv, ParameterStore ps, NDArray x, boolean training, int multiple) {
        int out = conv.getFilters();
        int padded = (out + multiple - 1) / multiple * multiple;
        if (padded == out) {
            return conv.forward(ps, new NDList(x), training).singletonOrThrow();
        }
        NDArray w = ps.getValue(conv.getParameters().get("weight"), x.getDevice(), training);
        NDArray b = ps.getValue(conv.getParameters().get("bias"), x.getDevice(), training);
        Shape ws = w.getShape();
        NDManager m = x.getManager();
        NDArray wide = w.concat(m.zeros(new Shape(padded - out, ws.get(1), ws.get(2), ws.get(3)), w.getDataType()));
        NDArray bias = b.concat(m.zeros(new Shape(padded - out), b.getDataType()));
        NDArray y = Conv2d.conv2d(
                        x, wide, bias, conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups())
                .singletonOrThrow();
        return y.get(new NDIndex(":, 0:" + out));
    }

    static ConvWeights export(Conv2d conv, int stride) {
        NDArray w = conv.getParameters().get("weight").getArray();
        NDArray b = conv.getParameters().get("bias").getArray();
        long[] s = w.getShape().getShape();
        return new ConvWeights((int) s[0], (int) s[1], (int) s[2], stride, w.toFloatArray(), b.toFloatArray());
    }

    static void load(Conv2d conv, ConvWeights weights) {
        set(
                conv.getParameters().get("weight"),
                weights.weight(),
                new Shape(weights.out(), weights.in(), weights.kernel(), weights.kernel()));
        set(conv.getParameters().get("bias"), weights.bias(), new Shape(weights.out()));
    }

    static void set(Parameter p, float[] values, Shape expected) {
        NDArray a = p.getArray();
        if (!a.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    "parameter " + p.getName() + " has shape " + a.getShape() + ", weights have " + expected);
        }
        // Not a.set(FloatBuffer): DJL's torchSet enters torch::AutoNonVariableTypeMode, which makes
        // PyTorch print a deprecation paragraph to stderr once per process, and its c10 logging
        // ignores TORCH_CPP_LOG_LEVEL outside Python. An indexed copy of the whole array does the
        // same without it; with autograd off, as the parameter is a leaf that requires a gradient.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager scratch = a.getManager().newSubManager()) {
            a.set(ALL, scratch.create(values, expected));
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }
}
