package io.dejavu.store.server.internal;

import io.dejavu.protocol.ticket.PublishCredential;
import java.net.URI;
import java.time.Duration;

/**
 * Whether the user of a publish credential may still publish (ADR 0308): the store asks the
 * signaling server before each self-publish, as it asks whether a ticket's call runs (ADR 0304), so
 * a revoked user stops publishing at once instead of when the credential expires. When signaling
 * cannot answer the store refuses (fails closed).
 */
public interface PublisherStanding {
    /**
     * @throws ApiException 401 when the user was revoked, 503 when no one can tell
     */
    void requireStanding(String token, PublishCredential credential);

    /** Trusts a credential until its expiry: for a store started without a signaling server. */
    static PublisherStanding untilExpiry() {
        return (token, credential) -> {};
    }

    /** Asks the signaling server at {@code base}. */
    static PublisherStanding askSignaling(URI base, Duration timeout) {
        SignalingQuestion question = new SignalingQuestion(base, timeout);
        return (token, credential) -> {
            if (!question.ask(PublishCredential.STANDING_ROUTE, "Publish " + token, "the publish credential")) {
                throw ApiException.unauthorized(
                        "publish credential refused: " + credential.subject() + " has been revoked");
            }
        };
    }
}
