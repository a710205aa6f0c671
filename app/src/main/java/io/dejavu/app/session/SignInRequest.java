package io.dejavu.app.session;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where and as whom to sign in.
 *
 * <pre>{@code
 * SignInRequest r = SignInRequest.parse("ws://127.0.0.1:8080/ws", "alice", token);
 * }</pre>
 *
 * @param server the signaling server's WebSocket URL ({@code ws://} or {@code wss://})
 * @param user the user name
 * @param token the user's bearer token
 */
public record SignInRequest(URI server, String user, String token) {
    public SignInRequest {
        if (server == null) {
            throw new IllegalArgumentException("server URL must be a ws:// or wss:// URL, got null");
        }
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || server.getHost() == null) {
            throw new IllegalArgumentException(
                    "The server URL must look like ws://host:port/path or wss://host:port/path, not '" + server + "'.");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("Enter your user name.");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("Enter your token.");
        }
        user = user.strip();
        token = token.strip();
    }

    /**
     * Builds a request from what a person typed.
     *
     * @throws IllegalArgumentException with a sentence to show the person
     */
    public static SignInRequest parse(String serverUrl, String user, String token) {
        String url = serverUrl == null ? "" : serverUrl.strip();
        if (url.isEmpty()) {
            throw new IllegalArgumentException("Enter the server URL, for example ws://127.0.0.1:8080/ws.");
        }
        try {
            return new SignInRequest(new URI(url), user, token);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "The server URL must look like ws://host:port/path or wss://host:port/path, not '" + url + "'.");
        }
    }

    @Override
    public String toString() {
        return "SignInRequest[server=" + server + ", user=" + user + ", token=***]";
    }
}
