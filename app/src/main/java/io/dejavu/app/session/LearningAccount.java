package io.dejavu.app.session;

import io.dejavu.protocol.ticket.TicketKey;
import java.net.URI;
import java.util.Objects;

/**
 * Who learns from their calls, and what publishing their model needs (ADR 0308): the signed-in
 * user, their signaling server and own token (to ask for a publish credential), the key their
 * signaling client holds (the credential is bound to it) and the model store (empty: none set, the
 * versions stay on this machine).
 */
public record LearningAccount(String user, URI signaling, String token, TicketKey key, String storeUrl) {
    public LearningAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(signaling, "signaling");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(key, "key");
        storeUrl = storeUrl == null ? "" : storeUrl.strip();
    }

    @Override
    public String toString() {
        return "LearningAccount[user=" + user + ", signaling=" + signaling + ", token=***, store=" + storeUrl + "]";
    }
}
