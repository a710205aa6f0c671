package io.dejavu.store.server.internal;

import io.dejavu.protocol.ticket.CallTicket;
import java.net.URI;
import java.time.Duration;

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

    /** Asks the signaling server at {@code base}: {@code GET base/v1/calls/{id}} with the ticket as credential. */
    static CallLiveness askSignaling(URI base, Duration timeout) {
        SignalingQuestion question = new SignalingQuestion(base, timeout);
        return (token, ticket) -> {
            if (!question.ask(CallTicket.statusPath(ticket.callId()), "Ticket " + token, "the ticket's call")) {
                throw ApiException.unauthorized("call ticket refused: call " + ticket.callId() + " has ended");
            }
        };
    }
}
