package io.dejavu.app.session;

/**
 * Signing in failed for a reason the person can act on; the message is a sentence fit to show
 * them (wrong token, server unreachable), never a stack trace.
 */
public final class SignInException extends Exception {
    private static final long serialVersionUID = 1L;

    public SignInException(String message) {
        super(message);
    }

    public SignInException(String message, Throwable cause) {
        super(message, cause);
    }
}
