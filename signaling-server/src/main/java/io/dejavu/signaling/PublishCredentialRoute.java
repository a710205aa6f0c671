package io.dejavu.signaling;

import io.dejavu.protocol.ticket.PublishCredential;
import io.dejavu.protocol.ticket.PublishSigner;
import io.dejavu.protocol.ticket.TicketException;
import io.dejavu.protocol.ticket.TicketProof;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues a user a {@link PublishCredential} for their own name (ADR 0308): {@code POST
 * /v1/publish-credentials} with {@code Authorization: Bearer <the user's own signaling token>} and a
 * {@link TicketProof} by the key the credential is to be bound to (so the caller shows it holds
 * it). The subject is the token's user, never a name the request gives; a revoked or unknown token
 * is 401. {@code GET /v1/publish-credentials/standing} tells the store whether a credential's user is
 * still allowed (not revoked), so a revocation stops self-publishing at once.
 */
final class PublishCredentialRoute {
    private static final Logger log = LoggerFactory.getLogger(PublishCredentialRoute.class);
    private static final Duration PROOF_WINDOW = Duration.ofSeconds(30);

    private final UserStore users;
    private final PublishSigner signer;
    private final Clock clock;

    PublishCredentialRoute(UserStore users, PublishSigner signer, Clock clock) {
        this.users = users;
        this.signer = signer;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.post(PublishCredential.ISSUE_ROUTE, this::issue);
        app.get(PublishCredential.STANDING_ROUTE, this::standing);
    }

    private void standing(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Publish ", 0, 8)) {
            refuse(ctx, 401, "send 'Authorization: Publish <publish credential>'");
            return;
        }
        PublishCredential credential;
        try {
            credential = signer.verify(auth.substring(8).trim(), clock);
        } catch (TicketException e) {
            refuse(ctx, 401, "publish credential refused: " + e.getMessage());
            return;
        }
        if (users.isActive(credential.subject())) {
            ctx.status(204);
        } else {
            refuse(ctx, 410, credential.subject() + " has been revoked");
        }
    }

    private void issue(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(ctx, 401, "send 'Authorization: Bearer <your signaling token>'");
            return;
        }
        String token = auth.substring(7).trim();
        Optional<String> user = users.authenticate(token);
        if (user.isEmpty()) {
            refuse(ctx, 401, "the token is not valid (unknown, revoked or malformed)");
            return;
        }
        Instant now = clock.instant();
        TicketProof proof;
        try {
            proof = TicketProof.verifyByAnyKey(
                    ctx.header(PublishCredential.PROOF_HEADER), token, "POST", ctx.path(), now, PROOF_WINDOW);
        } catch (TicketException e) {
            refuse(ctx, 401, "key proof refused: " + e.getMessage());
            return;
        }
        PublishCredential credential = PublishCredential.issue(user.get(), proof.thumbprint(), now);
        log.info("issued a publish credential to {} (key {})", user.get(), proof.thumbprint());
        ctx.status(200)
                .json(Map.of(
                        "credential",
                        signer.sign(credential),
                        "subject",
                        credential.subject(),
                        "scope",
                        credential.scope(),
                        "expiresAt",
                        credential.expiresAt().toString()));
    }

    private static void refuse(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("status", status, "error", message));
    }
}
