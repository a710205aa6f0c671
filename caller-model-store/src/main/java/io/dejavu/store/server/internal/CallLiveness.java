package io.dejavu.store.server.internal;

import io.dejavu.protocol.ticket.CallTicket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a call ticket's call still runs. The store asks the signaling server on every ticket
 * request (ADR 0304): a ticket then ends with its call, not at its expiry, and nothing about calls
 * is kept here. When the signaling server cannot answer the store refuses (fails closed).
 */
public interface CallLiveness {
    /**
     * @throws ApiException 401 when the call has ended, 503 when no one can tell
     */
    void requireLive(String token, CallTicket ticket);

    /** Trusts a ticket until its expiry: for a store started without a signaling server. */
    static CallLiveness untilExpiry() {
        return (token, ticket) -> {};
    }

    /** Asks the signaling server at {@code base}. */
    static CallLiveness askSignaling(URI base, Duration timeout) {
        return new AskSignaling(base, timeout);
    }

    /** Asks {@code GET base/v1/calls/{id}} with the ticket as credential. */
    final class AskSignaling implements CallLiveness {
        private static final Logger log = LoggerFactory.getLogger(AskSignaling.class);
        private final URI base;
        private final Duration timeout;
        private final HttpClient http;

        AskSignaling(URI base, Duration timeout) {
            this.base = base;
            this.timeout = timeout;
            this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        }

        @Override
        public void requireLive(String token, CallTicket ticket) {
            HttpRequest req = HttpRequest.newBuilder(base.resolve(CallTicket.statusPath(ticket.callId())))
                    .header("Authorization", "Ticket " + token)
                    .timeout(timeout)
                    .GET()
                    .build();
            int status;
            try {
                status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                log.warn("cannot ask {} whether call {} runs: {}", base, ticket.callId(), e.toString());
                throw new ApiException(503, "the store cannot check the ticket's call now; try again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "interrupted while checking the ticket's call");
            }
            if (status == 410) {
                throw ApiException.unauthorized("call ticket refused: call " + ticket.callId() + " has ended");
            }
            if (status != 204) {
                log.warn("signaling answered {} for call {}", status, ticket.callId());
                throw new ApiException(
                        503, "the store cannot check the ticket's call now (signaling answered " + status + ")");
            }
        }
    }
}
