package io.dejavu.protocol.ticket;

import java.util.Objects;

/**
 * A call ticket as its holder's client keeps it: the token from {@code call_accepted} and the key of
 * the signaling client it was issued to, which signs a proof for every store request (ADR 0305).
 *
 * <pre>{@code
 * HeldTicket held = new HeldTicket(accepted.ticket(), signalingClient.ticketKey());
 * }</pre>
 */
public record HeldTicket(String token, TicketKey key) {
    public HeldTicket {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("call ticket must not be blank");
        }
        Objects.requireNonNull(key, "key");
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "HeldTicket[token=***, key=" + key + "]";
    }
}
