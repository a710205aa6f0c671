package io.dejavu.store.server.internal;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.ticket.CallTicket;
import io.dejavu.protocol.ticket.TicketException;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.store.StoreProtocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what: the admin token may do everything; a call ticket lets its holder download the
 * model of the ticket's peer (and the generic model), nothing else.
 *
 * <p>401 means "we do not know who you are" (no, forged, expired or malformed credential); 403
 * means "we know, and you may not" (a valid ticket for another caller or requester, or a ticket on
 * an admin operation).
 */
public final class AccessControl {
    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);

    /** Who a request was authenticated as. */
    public sealed interface Principal permits Admin, TicketHolder {}

    public record Admin() implements Principal {}

    public record TicketHolder(CallTicket ticket) implements Principal {}

    private final byte[] adminDigest;
    private final Optional<TicketSigner> signer;
    private final Clock clock;
    private final CallLiveness liveness;

    public AccessControl(String adminToken, Optional<TicketSigner> signer, Clock clock, CallLiveness liveness) {
        this.adminDigest = digest(adminToken);
        this.signer = signer;
        this.clock = clock;
        this.liveness = liveness;
    }

    /** Authenticates an {@code Authorization} header value. */
    public Principal authenticate(String authorization, String requester) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("missing Authorization header; send 'Bearer <admin token>' or 'Ticket"
                    + " <call ticket>' with " + StoreProtocol.HEADER_REQUESTER);
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase(StoreProtocol.SCHEME_ADMIN)) {
            // Compare digests so the time taken says nothing about the token's length or prefix.
            if (MessageDigest.isEqual(adminDigest, digest(value))) {
                return new Admin();
            }
            throw ApiException.unauthorized("admin token is not valid");
        }
        if (scheme.equalsIgnoreCase(StoreProtocol.SCHEME_TICKET)) {
            if (signer.isEmpty()) {
                throw ApiException.unauthorized("this store accepts no call tickets (started without a ticket secret)");
            }
            CallTicket ticket;
            try {
                ticket = signer.get().verify(value, clock);
            } catch (TicketException e) {
                log.info("refused call ticket: {} ({})", e.getMessage(), e.reason());
                throw ApiException.unauthorized("call ticket refused: " + e.getMessage());
            }
            if (requester == null || requester.isBlank()) {
                throw ApiException.unauthorized("a call ticket must come with the " + StoreProtocol.HEADER_REQUESTER
                        + " header naming who asks");
            }
            if (!ticket.holder().equals(requester)) {
                throw ApiException.forbidden(
                        "call ticket was issued to '" + ticket.holder() + "', not to '" + requester + "'");
            }
            liveness.requireLive(value, ticket); // last: it may cost a round trip to signaling
            return new TicketHolder(ticket);
        }
        throw ApiException.unauthorized(
                "unknown Authorization scheme '" + scheme + "'; expected 'Bearer' (admin) or 'Ticket' (call ticket)");
    }

    /** Requires the admin token. */
    public void requireAdmin(Principal principal, String operation) {
        if (!(principal instanceof Admin)) {
            throw ApiException.forbidden(operation + " needs the admin token; a call ticket only downloads");
        }
    }

    /** Requires the admin token, or a ticket whose peer is {@code caller}. */
    public void requireDownload(Principal principal, String caller) {
        if (principal instanceof TicketHolder holder) {
            CallTicket t = holder.ticket();
            if (!t.peer().equals(caller) && !ModelMetadata.GENERIC_CALLER.equals(caller)) {
                throw ApiException.forbidden(
                        "call ticket allows the model of '" + t.peer() + "', not of '" + caller + "'");
            }
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
