package io.dejavu.enhancer;

/**
 * A loaded model failed while running on a frame (ONNX Runtime error, device lost). The frame is
 * left as it was; the pipeline passes frames through and reports this message.
 */
public final class EnhancementException extends Exception {
    private static final long serialVersionUID = 1L;

    public EnhancementException(String message, Throwable cause) {
        super(message, cause);
    }
}
