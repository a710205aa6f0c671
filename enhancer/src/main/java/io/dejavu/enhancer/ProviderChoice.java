package io.dejavu.enhancer;

/** Which execution provider to ask for. */
public enum ProviderChoice {
    /** CUDA when this ONNX Runtime build has it and it starts; otherwise CPU (logged once). */
    AUTO,
    /** CPU only, even when a GPU is present. */
    CPU
}
