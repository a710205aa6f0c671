package io.dejavu.store.server.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One yes-or-no question the store asks the signaling server about a credential (does its call
 * run, ADR 0304; does its user still stand, ADR 0308): 204 yes, 410 no, and anything else, or no
 * answer, refuses the request with 503 (fail closed).
 */
final class SignalingQuestion {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingQuestion.class);
    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    SignalingQuestion(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Asks {@code GET base/path} with {@code authorization}.
     *
     * @param about what the question is about, for the log and the 503 ("the ticket's call")
     * @return true for 204 (yes), false for 410 (no)
     * @throws ApiException 503 when signaling cannot be asked or answers anything else
     */
    boolean ask(String path, String authorization, String about) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", authorization)
                .timeout(timeout)
                .GET()
                .build();
        int status;
        try {
            status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            LOG.warn("cannot ask {} about {}: {}", base, about, e.toString());
            throw new ApiException(503, "the store cannot check " + about + " now; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while checking " + about);
        }
        if (status == 204 || status == 410) {
            return status == 204;
        }
        LOG.warn("signaling answered {} about {}", status, about);
        throw new ApiException(503, "the store cannot check " + about + " now (signaling answered " + status + ")");
    }
}
