package io.dejavu.enhancer.onnx;

/** Element type of a model's input, output and weights. */
public enum Precision {
    /** 32-bit floats: the CPU path and the reference. */
    FP32,
    /** 16-bit floats: the GPU path; about twice as fast on tensor-core GPUs. */
    FP16
}
