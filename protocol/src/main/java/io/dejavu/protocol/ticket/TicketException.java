package io.dejavu.protocol.ticket;

/** A ticket that cannot be trusted; {@link #reason()} says why. */
public final class TicketException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a ticket was refused. */
    public enum Reason {
        MALFORMED,
        BAD_SIGNATURE,
        EXPIRED,
        /** The ticket carries no key thumbprint, so no request can prove it comes from its holder. */
        NOT_BOUND,
        /** The proof of possession sent with the ticket is missing, malformed, or not for this ticket or request. */
        BAD_PROOF,
        /** The proof's nonce was seen before: a copied request. */
        REPLAYED
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
