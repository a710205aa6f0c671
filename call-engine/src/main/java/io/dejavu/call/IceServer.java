package io.dejavu.call;

import java.util.List;

/** A STUN or TURN server handed out by the signaling server; tests use none (host candidates only). */
public record IceServer(List<String> urls, String username, String credential) {
    public IceServer {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one URL, got none");
        }
        for (String url : urls) {
            if (!(url.startsWith("stun:") || url.startsWith("turn:") || url.startsWith("turns:"))) {
                throw new IllegalArgumentException(
                        "ICE server URL '" + url + "' must start with stun:, turn: or turns:");
            }
        }
        username = username == null ? "" : username;
        credential = credential == null ? "" : credential;
    }
}
