package io.dejavu.protocol.signaling.client;

import io.dejavu.protocol.signaling.ErrorCode;
import java.util.Optional;

/** Connecting or authenticating to the signaling server failed. */
public final class SignalingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public SignalingException(String message, ErrorCode code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The server's error code, e.g. {@link ErrorCode#UNAUTHORIZED}, when the server refused us. */
    public Optional<ErrorCode> code() {
        return Optional.ofNullable(code);
    }
}
