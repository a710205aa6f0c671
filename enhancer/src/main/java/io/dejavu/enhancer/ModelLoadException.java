package io.dejavu.enhancer;

/**
 * A model could not be loaded or started: the bytes are not a usable ONNX model, the runtime
 * refused it, or it does not have the shape Dejavu needs. The message is written for the person
 * who supplied the model (an admin uploading it, a user picking a file) and carries no stack trace.
 */
public class ModelLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
