package io.dejavu.learning.footage;

/** Kept footage cannot be read or written; the message is one line for people. */
public final class FootageException extends RuntimeException {
    public FootageException(String message) {
        super(message);
    }

    public FootageException(String message, Throwable cause) {
        super(message, cause);
    }
}
