package io.dejavu.call.signaling;

import io.dejavu.protocol.signaling.EndReason;

/** An invite did not become a call: rejected, busy, offline, unanswered or cancelled. */
public class CallRefusedException extends Exception {
    private final transient EndReason reason;

    public CallRefusedException(String user, EndReason reason) {
        super("call to " + user + " did not start: " + reason.name().toLowerCase(java.util.Locale.ROOT));
        this.reason = reason;
    }

    public EndReason reason() {
        return reason;
    }
}
