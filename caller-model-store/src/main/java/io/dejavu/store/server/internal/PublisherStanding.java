package io.dejavu.store.server.internal;

import io.dejavu.protocol.ticket.PublishCredential;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        Logger log = LoggerFactory.getLogger(PublisherStanding.class);
        return (token, credential) -> {
            HttpRequest req = HttpRequest.newBuilder(base.resolve(PublishCredential.STANDING_ROUTE))
                    .header("Authorization", "Publish " + token)
                    .timeout(timeout)
                    .GET()
                    .build();
            int status;
            try {
                status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                log.warn("cannot ask {} whether {} may publish: {}", base, credential.subject(), e.toString());
                throw new ApiException(503, "the store cannot check the publish credential now; try again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "interrupted while checking the publish credential");
            }
            if (status == 410) {
                throw ApiException.unauthorized(
                        "publish credential refused: " + credential.subject() + " has been revoked");
            }
            if (status != 204) {
                log.warn("signaling answered {} for the publish credential of {}", status, credential.subject());
                throw new ApiException(
                        503, "the store cannot check the publish credential now (signaling answered " + status + ")");
            }
        };
    }
}
