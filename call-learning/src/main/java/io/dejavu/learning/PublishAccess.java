package io.dejavu.learning;

import io.dejavu.protocol.Json;
import io.dejavu.protocol.ticket.PublishCredentials;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.ModelStoreClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * The user's way into the store as themself (ADR 0308): a fresh publish credential from signaling
 * for each piece of work (it lives 10 minutes; work comes minutes apart), bound to the key the
 * user's signaling client holds, and a store client to present it with.
 */
final class PublishAccess {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI store;
    private final URI signaling;
    private final String userToken;
    private final TicketKey key;
    private final HttpClient http;

    PublishAccess(URI store, URI signaling, String userToken, TicketKey key) {
        this.store = Objects.requireNonNull(store, "store");
        this.signaling = Objects.requireNonNull(signaling, "signaling");
        this.userToken = Objects.requireNonNull(userToken, "userToken");
        this.key = Objects.requireNonNull(key, "key");
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    URI store() {
        return store;
    }

    /**
     * A new credential from signaling.
     *
     * @throws IOException when signaling refuses or cannot be reached (one line); an interrupt is
     *     kept set and reported as an IOException too
     */
    Credential.Publish credential() throws IOException {
        try {
            return Credential.publish(PublishCredentials.obtain(http, signaling, userToken, key, TIMEOUT), key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking signaling for a publish credential", e);
        } catch (IOException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) { // the JDK's ConnectException has none
                throw new IOException(
                        "signaling at " + signaling + " cannot be reached ("
                                + e.getClass().getSimpleName() + ")",
                        e);
            }
            throw e;
        }
    }

    /** A client of the store keeping what it fetches in {@code cacheDir}. */
    ModelStoreClient client(Path cacheDir) {
        return ModelStoreClient.builder(store)
                .cacheDir(cacheDir)
                .requestTimeout(TIMEOUT)
                .build();
    }

    /**
     * Whom signaling issued {@code token} to: its payload's {@code sub}. Read without checking the
     * MAC (the store checks it); it only names the model the work is on.
     */
    static String subject(String token) throws IOException {
        int dot = token.indexOf('.');
        try {
            byte[] json = Base64.getUrlDecoder().decode(dot < 0 ? token : token.substring(0, dot));
            String sub = Json.mapper().readTree(json).path("sub").asText("");
            if (sub.isEmpty()) {
                throw new IOException("signaling's publish credential names no user");
            }
            return sub;
        } catch (IllegalArgumentException e) {
            throw new IOException("signaling's publish credential is not readable: " + e.getMessage(), e);
        }
    }
}
