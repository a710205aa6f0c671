package io.dejavu.protocol.ticket;

import java.time.Instant;
import java.util.Objects;

/**
 * Permission, issued by the signaling server when a call is accepted, for {@code holder} to fetch
 * the model of {@code peer} (the other party of call {@code callId}) until {@code expiresAt}.
 *
 * <p>A ticket is signed by {@link TicketSigner} with a secret that the signaling server and the
 * caller-model store share; the store trusts nothing else in it. {@code keyThumbprint} ({@code cnf}
 * on the wire) binds it to the holder's {@link TicketKey}: a store accepts it only with a {@link
 * TicketProof} signed by that key (ADR 0305). It is null for a ticket issued to a client that sent no
 * key, which a store refuses.
 */
public record CallTicket(String callId, String holder, String peer, Instant expiresAt, String keyThumbprint) {
    /** Why a store refuses a ticket bound to no key. */
    public static final String NOT_BOUND_MESSAGE =
            "the ticket is bound to no key (its client sent no ticketKey in its hello); sign in with a current client";

    /**
     * The signaling server's call-status route (Javalin syntax). {@code GET} with {@code
     * Authorization: Ticket <token>} answers 204 while the ticket's call runs between its holder and
     * peer, 410 once it has ended (hang-up, revocation, timeout), 401 for a ticket it cannot trust.
     * The caller-model store asks it before each ticket download (ADR 0304).
     */
    public static final String STATUS_ROUTE = "/v1/calls/{callId}";

    /** {@link #STATUS_ROUTE} for one call. */
    public static String statusPath(String callId) {
        return "/v1/calls/" + java.net.URLEncoder.encode(callId, java.nio.charset.StandardCharsets.UTF_8);
    }

    public CallTicket {
        requireName("callId", callId);
        requireName("holder", holder);
        requireName("peer", peer);
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (keyThumbprint != null && !keyThumbprint.matches("[A-Za-z0-9_-]{43}")) {
            throw new IllegalArgumentException("cnf must be a base64url SHA-256 key thumbprint (43 characters)");
        }
        if (holder.equals(peer)) {
            throw new IllegalArgumentException("a ticket must name two different users, got holder = peer = " + holder);
        }
    }

    /** A ticket bound to no key (refused by stores; for tests and tools). */
    public CallTicket(String callId, String holder, String peer, Instant expiresAt) {
        this(callId, holder, peer, expiresAt, null);
    }

    /** Whether the ticket is bound to a key. */
    public boolean bound() {
        return keyThumbprint != null;
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (value.length() > 128) {
            throw new IllegalArgumentException(what + " is longer than 128 characters");
        }
    }

    /** Whether the ticket is past its expiry at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
