package io.dejavu.protocol.signaling;

/**
 * A text frame that is not a valid message of this protocol. {@link #toErrorMessage()} is the reply a server
 * sends back.
 */
public final class SignalingProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String ref;

    public SignalingProtocolException(ErrorCode code, String message, String ref) {
        super(message);
        this.code = code;
        this.ref = ref;
    }

    public ErrorCode code() {
        return code;
    }

    /** A call id or message type the error is about, or null. */
    public String ref() {
        return ref;
    }

    /** The error reply for this exception, with the message shortened and the ref dropped if unusable. */
    public SignalMessage.ErrorMessage toErrorMessage() {
        String text = getMessage() == null || getMessage().isBlank() ? code.name() : getMessage();
        if (text.length() > 1000) {
            text = text.substring(0, 997) + "...";
        }
        String usableRef = ref == null || ref.isBlank() || ref.length() > 128 ? null : ref;
        return new SignalMessage.ErrorMessage(code, text, usableRef);
    }
}
