package io.dejavu.app.call;

import io.dejavu.protocol.ticket.HeldTicket;

/**
 * Which model to fetch, from where, and with what permission.
 *
 * @param storeUrl the caller-model store; empty when none is set
 * @param holder the signed-in user (the ticket's holder)
 * @param peer whose model to fetch
 * @param ticket the signed call ticket from the signaling server, with the key it is bound to
 */
public record ModelRequest(String storeUrl, String holder, String peer, HeldTicket ticket) {
    public ModelRequest {
        storeUrl = storeUrl == null ? "" : storeUrl;
        if (holder == null || holder.isBlank() || peer == null || peer.isBlank()) {
            throw new IllegalArgumentException("holder and peer must be named, got '" + holder + "', '" + peer + "'");
        }
        if (ticket == null) {
            throw new IllegalArgumentException("a model request needs the call ticket");
        }
    }

    @Override
    public String toString() {
        return "ModelRequest[store=" + storeUrl + ", holder=" + holder + ", peer=" + peer + ", ticket=***]";
    }
}
