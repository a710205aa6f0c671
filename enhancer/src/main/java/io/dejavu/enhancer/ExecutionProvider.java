package io.dejavu.enhancer;

/** Where a model actually runs. */
public enum ExecutionProvider {
    /** ONNX Runtime's CPU provider with a fixed number of intra-op threads. */
    CPU,
    /** ONNX Runtime's CUDA provider on an NVIDIA GPU. */
    CUDA
}
