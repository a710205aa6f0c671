package io.dejavu.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;

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
