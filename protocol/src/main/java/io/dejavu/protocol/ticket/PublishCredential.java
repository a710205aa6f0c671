package io.dejavu.protocol.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Permission, issued by the signaling server to a signed-in user for their own name, to upload new
 * versions of {@code subject}'s own model to the caller-model store until {@code expiresAt}, and
 * nothing else (ADR 0308). It is always bound to the key of the client that asked for it ({@code
 * cnf}): the store accepts it only with a fresh {@link TicketProof} signed by that key.
 *
 * <p>Signed by {@link PublishSigner} with a key derived from the call-ticket secret, so a call ticket
 * never verifies as a publish credential nor the other way round.
 *
 * @param subject the user it was issued to ({@code sub}); the only caller it may publish for
 * @param scope what it allows ({@code scope}); only {@link #SCOPE} exists
 * @param expiresAt end of validity ({@code exp}, whole seconds)
 * @param keyThumbprint the RFC 7638 thumbprint of the holder's {@link TicketKey} ({@code cnf})
 */
public record PublishCredential(String subject, String scope, Instant expiresAt, String keyThumbprint) {
    /**
     * Uploading new versions of the subject's own model: {@code POST /v1/models/<sub>/versions} on
     * the store, nothing more (no download, listing, activation or deletion).
     */
    public static final String SCOPE = "models:publish-own";
    /** How long a credential is good for: long enough for one upload with retries. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    /** The signaling server's route that issues one ({@code POST}, user token and a key proof). */
    public static final String ISSUE_ROUTE = "/v1/publish-credentials";
    /**
     * The signaling server's standing route: {@code GET} with {@code Authorization: Publish
     * <credential>} answers 204 while the credential's user is not revoked, 410 once they are, 401 for
     * a credential it cannot trust. The store asks it before each self-publish (as for tickets, ADR
     * 0304), so revoking a user stops their publishing at once, not at the credential's expiry.
     */
    public static final String STANDING_ROUTE = "/v1/publish-credentials/standing";
    /** The header that carries a {@link TicketProof}, to signaling and to the store alike. */
    public static final String PROOF_HEADER = "X-Dejavu-Ticket-Proof";

    public PublishCredential {
        if (subject == null || !subject.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("publish credential subject must be a user name, got " + subject);
        }
        if (!SCOPE.equals(scope)) {
            throw new IllegalArgumentException("publish credential scope must be " + SCOPE + ", got " + scope);
        }
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (keyThumbprint == null || !keyThumbprint.matches("[A-Za-z0-9_-]{43}")) {
            throw new IllegalArgumentException("publish credential cnf must be a key thumbprint (43 characters)");
        }
    }

    /** A credential for {@code subject} bound to {@code keyThumbprint}, valid {@link #LIFETIME} from {@code now}. */
    public static PublishCredential issue(String subject, String keyThumbprint, Instant now) {
        return new PublishCredential(
                subject, SCOPE, Instant.ofEpochSecond(now.plus(LIFETIME).getEpochSecond()), keyThumbprint);
    }

    /** Whether the credential is past its expiry at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
