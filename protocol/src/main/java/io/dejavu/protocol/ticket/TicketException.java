package io.dejavu.protocol.ticket;

/** A ticket that cannot be trusted; {@link #reason()} says why. */
public final class TicketException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a ticket was refused. */
    public enum Reason {
        MALFORMED,
        BAD_SIGNATURE,
        EXPIRED
    }

    private final Reason reason;

    public TicketException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
