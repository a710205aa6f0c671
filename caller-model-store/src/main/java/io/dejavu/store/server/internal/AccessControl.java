package io.dejavu.store.server.internal;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.ticket.CallTicket;
import io.dejavu.protocol.ticket.PublishCredential;
import io.dejavu.protocol.ticket.PublishSigner;
import io.dejavu.protocol.ticket.TicketException;
import io.dejavu.protocol.ticket.TicketProof;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.store.StoreProtocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what: the admin token may do everything; a call ticket lets its holder download the
 * model of the ticket's peer (and the generic model), nothing else. A ticket counts only with a
 * fresh proof signed by the key it is bound to (ADR 0305), so a copied ticket opens nothing. A
 * publish credential (ADR 0308) lets its subject upload new versions of their own model, list and
 * download its versions and delete those they published themselves, nothing else, with a fresh
 * proof by its key as well.
 *
 * <p>401 means "we do not know who you are" (no, forged, expired or malformed credential, or a
 * ticket without a valid proof from its holder); 403
 * means "we know, and you may not" (a valid ticket for another caller or requester, or a ticket on
 * an admin operation or an upload; a publish credential for another caller, on a version it did not
 * publish, or on anything but an upload, a listing, a download or a deletion of its own).
 */
public final class AccessControl {
    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);

    /** Who a request was authenticated as. */
    public sealed interface Principal permits Admin, TicketHolder, Publisher {}

    public record Admin() implements Principal {}

    public record TicketHolder(CallTicket ticket) implements Principal {}

    /** A user with their own publish credential (ADR 0308). */
    public record Publisher(PublishCredential credential) implements Principal {
        public String user() {
            return credential.subject();
        }
    }

    /** How far a proof's issued-at may be from the store's clock, either way (ADR 0305). */
    public static final Duration PROOF_WINDOW = Duration.ofSeconds(30);
    /** Most proof nonces remembered at once: one window's worth of ticket requests. */
    static final int MAX_NONCES = 100_000;

    /**
     * What a request presents: its {@code Authorization} and {@link StoreProtocol#HEADER_REQUESTER}
     * and {@link StoreProtocol#HEADER_TICKET_PROOF} headers (null when absent), method and path.
     */
    public record Presented(String authorization, String requester, String proof, String method, String path) {}

    private final byte[] adminDigest;
    private final Optional<TicketSigner> signer;
    private final Optional<PublishSigner> publishSigner;
    private final Clock clock;
    private final CallLiveness liveness;
    private final ProofNonces nonces;
    private final PublisherStanding standing;

    public AccessControl(String adminToken, Optional<TicketSigner> signer, Clock clock, CallLiveness liveness) {
        this(adminToken, signer, clock, liveness, PublisherStanding.untilExpiry());
    }

    public AccessControl(
            String adminToken,
            Optional<TicketSigner> signer,
            Clock clock,
            CallLiveness liveness,
            PublisherStanding standing) {
        this.standing = standing;
        this.adminDigest = digest(adminToken);
        this.signer = signer;
        this.publishSigner = signer.map(TicketSigner::publishSigner);
        this.clock = clock;
        this.liveness = liveness;
        this.nonces = new ProofNonces(MAX_NONCES);
    }

    /** Authenticates what a request presents. */
    public Principal authenticate(Presented request) {
        String authorization = request.authorization();
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("missing Authorization header; send 'Bearer <admin token>', 'Ticket"
                    + " <call ticket>' with " + StoreProtocol.HEADER_REQUESTER + " and "
                    + StoreProtocol.HEADER_TICKET_PROOF + ", or 'Publish <publish credential>' with "
                    + StoreProtocol.HEADER_TICKET_PROOF);
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
            return ticketHolder(value, request);
        }
        if (scheme.equalsIgnoreCase(StoreProtocol.SCHEME_PUBLISH)) {
            return publisher(value, request);
        }
        throw ApiException.unauthorized("unknown Authorization scheme '" + scheme
                + "'; expected 'Bearer' (admin), 'Ticket' (call ticket) or 'Publish' (publish credential)");
    }

    /**
     * A ticket is trusted when signaling signed it, it has not expired, a fresh proof shows the
     * request comes from the key it is bound to, it names the requester, and its call runs.
     */
    private TicketHolder ticketHolder(String token, Presented request) {
        if (signer.isEmpty()) {
            throw ApiException.unauthorized("this store accepts no call tickets (started without a ticket secret)");
        }
        CallTicket ticket;
        try {
            ticket = signer.get().verify(token, clock);
            requireFreshProof(token, ticket, request);
        } catch (TicketException e) {
            log.info("refused call ticket: {} ({})", e.getMessage(), e.reason());
            throw ApiException.unauthorized("call ticket refused: " + e.getMessage());
        }
        String requester = request.requester();
        if (requester == null || requester.isBlank()) {
            throw ApiException.unauthorized(
                    "a call ticket must come with the " + StoreProtocol.HEADER_REQUESTER + " header naming who asks");
        }
        if (!ticket.holder().equals(requester)) {
            throw ApiException.forbidden(
                    "call ticket was issued to '" + ticket.holder() + "', not to '" + requester + "'");
        }
        liveness.requireLive(token, ticket); // last: it may cost a round trip to signaling
        return new TicketHolder(ticket);
    }

    /**
     * A publish credential is trusted when signaling signed it (with the key derived for publish
     * credentials, so no call ticket passes), it has not expired, and a fresh proof shows the request
     * comes from the key it is bound to. What it may do is checked per route.
     */
    private Publisher publisher(String token, Presented request) {
        if (publishSigner.isEmpty()) {
            throw ApiException.unauthorized(
                    "this store accepts no publish credentials (started without a ticket secret)");
        }
        try {
            PublishCredential credential = publishSigner.get().verify(token, clock);
            if (request.proof() == null) {
                throw new TicketException(
                        TicketException.Reason.BAD_PROOF,
                        "a publish credential must come with a " + StoreProtocol.HEADER_TICKET_PROOF
                                + " header signed by the key it is bound to");
            }
            Instant now = clock.instant();
            TicketProof proof = TicketProof.verifyForKey(
                    request.proof(),
                    credential.keyThumbprint(),
                    token,
                    request.method(),
                    request.path(),
                    now,
                    PROOF_WINDOW);
            admitNonce(proof, now);
            standing.requireStanding(token, credential); // last: a round trip to signaling
            return new Publisher(credential);
        } catch (TicketException e) {
            log.info("refused publish credential: {} ({})", e.getMessage(), e.reason());
            throw ApiException.unauthorized("publish credential refused: " + e.getMessage());
        }
    }

    /** The request's proof: by the ticket's key, for this request and ticket, recent, and not seen before. */
    private void requireFreshProof(String token, CallTicket ticket, Presented request) throws TicketException {
        if (request.proof() == null && ticket.bound()) {
            throw new TicketException(
                    TicketException.Reason.BAD_PROOF,
                    "a call ticket must come with a " + StoreProtocol.HEADER_TICKET_PROOF
                            + " header signed by the key it is bound to");
        }
        Instant now = clock.instant();
        TicketProof proof =
                TicketProof.verify(request.proof(), ticket, token, request.method(), request.path(), now, PROOF_WINDOW);
        admitNonce(proof, now);
    }

    private void admitNonce(TicketProof proof, Instant now) throws TicketException {
        switch (nonces.admit(proof.nonce(), proof.issuedAt().plus(PROOF_WINDOW), now)) {
            case SEEN ->
                throw new TicketException(
                        TicketException.Reason.REPLAYED, "the proof was used before (a copied request)");
            case FULL -> throw new ApiException(503, "the store has too many recent ticket requests; try again");
            case NEW -> {}
        }
    }

    /** Requires the admin token. */
    public void requireAdmin(Principal principal, String operation) {
        if (principal instanceof Publisher) {
            throw ApiException.forbidden(
                    operation + " needs the admin token; a publish credential only uploads its owner's model");
        }
        if (!(principal instanceof Admin)) {
            throw ApiException.forbidden(operation + " needs the admin token; a call ticket only downloads");
        }
    }

    /**
     * Requires the admin token, or a publish credential whose subject is {@code caller}; returns the
     * self-publishing user, or empty for the admin.
     */
    public Optional<String> requireUpload(Principal principal, String caller) {
        if (principal instanceof Publisher p) {
            if (!p.user().equals(caller)) {
                throw ApiException.forbidden("the publish credential of '" + p.user()
                        + "' publishes only their own model, not the model of '" + caller + "'");
            }
            return Optional.of(p.user());
        }
        requireAdmin(principal, "uploading a model");
        return Optional.empty();
    }

    /**
     * Requires the admin token, or a publish credential whose subject is {@code caller}, for listing
     * or deleting versions ({@code operation}, e.g. "deleting a version"); returns the user for a
     * publish credential, empty for the admin. Which versions the user may delete is the
     * repository's check (those they published).
     */
    public Optional<String> requireOwnModel(Principal principal, String caller, String operation) {
        if (principal instanceof Publisher p) {
            if (!p.user().equals(caller)) {
                throw ApiException.forbidden(operation + " with the publish credential of '" + p.user()
                        + "' is allowed only on their own model, not on the model of '" + caller + "'");
            }
            return Optional.of(p.user());
        }
        requireAdmin(principal, operation);
        return Optional.empty();
    }

    /**
     * Requires the admin token, a ticket whose peer is {@code caller}, or a publish credential whose
     * subject is {@code caller}: its owner may download their own model (ADR 0308, second amendment),
     * nobody else's and not the generic model.
     */
    public void requireDownload(Principal principal, String caller) {
        if (principal instanceof Publisher p) {
            if (!p.user().equals(caller)) {
                throw ApiException.forbidden("the publish credential of '" + p.user()
                        + "' downloads only their own model, not the model of '" + caller
                        + "'; other models need a call ticket");
            }
            return;
        }
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
