package io.dejavu.training;

/**
 * A problem the admin can fix (bad footage, unknown codec, mismatched sizes, no disk space): the
 * message says what was wrong and what is expected, and the CLI prints it without a stack trace.
 */
public class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
