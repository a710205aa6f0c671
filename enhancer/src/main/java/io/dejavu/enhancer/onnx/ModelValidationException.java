package io.dejavu.enhancer.onnx;

import io.dejavu.enhancer.ModelLoadException;

/**
 * A model loads but breaks Dejavu's model contract, e.g. {@code "enhancer input 'x' has 3
 * channels, expected 1"}. Thrown by {@link ModelContract}; the message is meant to be shown to
 * the person who supplied the model as is.
 */
public final class ModelValidationException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    public ModelValidationException(String message) {
        super(message);
    }

    public ModelValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
