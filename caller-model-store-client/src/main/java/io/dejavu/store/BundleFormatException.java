package io.dejavu.store;

/** A model bundle that cannot be used; the message says exactly what is wrong with it. */
public final class BundleFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public BundleFormatException(String message) {
        super(message);
    }

    public BundleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
