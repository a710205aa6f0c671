package io.dejavu.signaling;

/** The signaling server could not start; the message says why (database, certificate or port). */
public final class SignalingServerException extends Exception {
    private static final long serialVersionUID = 1L;

    public SignalingServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
