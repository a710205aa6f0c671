package io.dejavu.protocol.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Asks the signaling server for a {@link PublishCredential} (ADR 0308): {@code POST
 * /v1/publish-credentials} with the user's own token and a proof signed by {@code key}, which the
 * credential is then bound to. The store wants a fresh proof by the same key with every upload.
 *
 * <pre>{@code
 * String credential = PublishCredentials.obtain(http, signalingUri, userToken, key, Duration.ofSeconds(5));
 * store.publishOwn(bundle, Credential.publish(credential, key));
 * }</pre>
 */
public final class PublishCredentials {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishCredentials() {}

    /**
     * The credential token signaling issued to the owner of {@code userToken}.
     *
     * @param signaling the signaling server, as {@code ws(s)://host:port/...} or {@code http(s)://host:port}
     * @throws IOException if signaling cannot be reached or refuses (the message is its one-line reason)
     */
    public static String obtain(HttpClient http, URI signaling, String userToken, TicketKey key, Duration timeout)
            throws IOException, InterruptedException {
        String proof = key.prove("POST", PublishCredential.ISSUE_ROUTE, userToken, Instant.now());
        HttpRequest request = HttpRequest.newBuilder(issueUri(signaling))
                .timeout(timeout)
                .header("Authorization", "Bearer " + userToken)
                .header(PublishCredential.PROOF_HEADER, proof)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> resp = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(resp.body());
        } catch (IOException e) {
            body = null;
        }
        if (resp.statusCode() != 200 || body == null || !body.path("credential").isTextual()) {
            String why = body != null && body.path("error").isTextual()
                    ? body.path("error").asText()
                    : "unexpected answer";
            throw new IOException("signaling refused a publish credential (" + resp.statusCode() + "): " + why);
        }
        return body.path("credential").asText();
    }

    /** The issue route on the signaling server's host and port, over HTTP(S). */
    static URI issueUri(URI signaling) {
        String scheme =
                switch (signaling.getScheme()) {
                    case "ws", "http" -> "http";
                    case "wss", "https" -> "https";
                    default ->
                        throw new IllegalArgumentException(
                                "signaling URI must be ws, wss, http or https, got " + signaling);
                };
        return URI.create(scheme + "://" + signaling.getRawAuthority() + PublishCredential.ISSUE_ROUTE);
    }
}
