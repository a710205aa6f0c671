package io.dejavu.protocol.signaling;

import java.util.List;

/**
 * One STUN or TURN server as WebRTC wants it ({@code RTCIceServer}): URLs plus, for TURN, credentials.
 *
 * <pre>{@code
 * new IceServer(List.of("stun:stun.example.org:3478"), null, null);
 * new IceServer(List.of("turn:turn.example.org:3478?transport=udp"), "alice", "secret");
 * }</pre>
 */
public record IceServer(List<String> urls, String username, String credential) {
    public IceServer {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one URL, got " + urls);
        }
        urls = List.copyOf(urls);
        boolean turn = false;
        for (String url : urls) {
            Names.text("ICE server URL", url, 512);
            if (url.startsWith("turn:") || url.startsWith("turns:")) {
                turn = true;
            } else if (!url.startsWith("stun:") && !url.startsWith("stuns:")) {
                throw new IllegalArgumentException(
                        "ICE server URL must start with stun:, stuns:, turn: or turns:, got " + Names.quote(url));
            }
        }
        Names.optionalText("ICE server username", username, 256);
        Names.optionalText("ICE server credential", credential, 512);
        if (turn && (username == null || credential == null)) {
            throw new IllegalArgumentException("a TURN server needs a username and a credential, got " + urls);
        }
    }

    /** A STUN server without credentials. */
    public static IceServer stun(String url) {
        return new IceServer(List.of(url), null, null);
    }

    /** Never print the credential. */
    @Override
    public String toString() {
        return "IceServer[urls=" + urls + ", username=" + username + ", credential="
                + (credential == null ? "null" : "***") + "]";
    }
}
