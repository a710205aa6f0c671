package io.dejavu.protocol.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies {@link CallTicket}s with HMAC-SHA256. The token is
 * {@code base64url(json) "." base64url(hmac(json))}, opaque to clients; the JSON is {@code
 * {"v":1,"call":...,"holder":...,"peer":...,"exp":...,"cnf":...}}, {@code cnf} (the holder's key
 * thumbprint, ADR 0305) left out for an unbound ticket. Only the encoding that
 * {@link #sign} produces is accepted: unpadded base64url, the JSON fields in their order with no
 * spaces, and nothing else, so one ticket has exactly one spelling (no variants to slip past a
 * cache, a log filter or a revocation list).
 *
 * <pre>{@code
 * TicketSigner signer = new TicketSigner(sharedSecret);
 * String token = signer.sign(new CallTicket("c1", "bob", "alice", Instant.now().plusSeconds(300)));
 * CallTicket ticket = signer.verify(token, Clock.systemUTC()); // throws TicketException if forged or expired
 * }</pre>
 */
public final class TicketSigner {
    private static final int MIN_SECRET_BYTES = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;

    /** @throws IllegalArgumentException if the secret is shorter than 16 bytes */
    public TicketSigner(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("ticket secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), HmacToken.ALGORITHM);
    }

    /** A signer for a secret given as text (e.g. from {@code DEJAVU_TICKET_SECRET}). */
    public static TicketSigner fromText(String secret) {
        return new TicketSigner(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The signer of publish credentials, whose key is derived from this one's secret (ADR 0308). */
    public PublishSigner publishSigner() {
        return new PublishSigner(key.getEncoded());
    }

    public String sign(CallTicket ticket) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", 1);
        node.put("call", ticket.callId());
        node.put("holder", ticket.holder());
        node.put("peer", ticket.peer());
        node.put("exp", ticket.expiresAt().getEpochSecond());
        if (ticket.keyThumbprint() != null) {
            node.put("cnf", ticket.keyThumbprint());
        }
        return HmacToken.seal(key, node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks signature and expiry.
     *
     * @throws TicketException naming why the token is refused
     */
    public CallTicket verify(String token, Clock clock) throws TicketException {
        byte[] payload = HmacToken.open(key, token, "ticket", "ticket signature does not match");
        CallTicket ticket = parse(payload);
        if (!sign(ticket).equals(token)) {
            throw new TicketException(
                    TicketException.Reason.MALFORMED, "ticket is not in the canonical encoding its signer produces");
        }
        if (ticket.expiredAt(clock.instant())) {
            throw new TicketException(TicketException.Reason.EXPIRED, "ticket expired at " + ticket.expiresAt());
        }
        return ticket;
    }

    private static CallTicket parse(byte[] payload) throws TicketException {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || node.path("v").asInt() != 1) {
                throw new TicketException(
                        TicketException.Reason.MALFORMED,
                        "unknown ticket version " + (node == null ? "(empty)" : node.path("v")));
            }
            if (!node.path("exp").canConvertToLong()) {
                throw new TicketException(TicketException.Reason.MALFORMED, "ticket has no whole-second exp");
            }
            JsonNode cnf = node.get("cnf");
            if (cnf != null && !cnf.isTextual()) {
                throw new TicketException(TicketException.Reason.MALFORMED, "ticket cnf is not a key thumbprint");
            }
            return new CallTicket(
                    node.path("call").asText(null),
                    node.path("holder").asText(null),
                    node.path("peer").asText(null),
                    Instant.ofEpochSecond(node.path("exp").asLong()),
                    cnf == null ? null : cnf.asText());
        } catch (java.io.IOException | IllegalArgumentException | DateTimeException e) {
            // DateTimeException: a signed exp outside Instant's range is bad input, not a server error.
            throw new TicketException(TicketException.Reason.MALFORMED, "ticket payload is invalid: " + e.getMessage());
        }
    }
}
