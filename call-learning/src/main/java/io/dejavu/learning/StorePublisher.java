package io.dejavu.learning;

import io.dejavu.protocol.ticket.PublishCredentials;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Publishes self-trained versions to the caller-model store as the signed-in user (ADR 0308): asks
 * signaling for a short-lived publish credential with the user's own token, bound to the key the
 * user's signaling client holds, and uploads the bundle with it. One credential per version: it
 * lives 10 minutes and versions come minutes apart.
 *
 * <pre>{@code
 * ModelPublisherPort p = new StorePublisher(storeUri, signalingUri, userToken, signalingClient.ticketKey(), cacheDir);
 * int version = p.publishOwn(modelDir);
 * }</pre>
 */
public final class StorePublisher implements ModelPublisherPort {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI store;
    private final URI signaling;
    private final String userToken;
    private final TicketKey key;
    private final Path cacheDir;
    private final HttpClient http;

    public StorePublisher(URI store, URI signaling, String userToken, TicketKey key, Path cacheDir) {
        this.store = Objects.requireNonNull(store, "store");
        this.signaling = Objects.requireNonNull(signaling, "signaling");
        this.userToken = Objects.requireNonNull(userToken, "userToken");
        this.key = Objects.requireNonNull(key, "key");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public int publishOwn(Path model) throws IOException {
        ModelBundle bundle;
        try {
            bundle = ModelBundle.readDirectory(model);
        } catch (BundleFormatException e) {
            throw new IOException("the self-trained version in " + model + " is not a bundle: " + e.getMessage(), e);
        }
        String credential = credential();
        try (ModelStoreClient client = ModelStoreClient.builder(store)
                .cacheDir(cacheDir)
                .requestTimeout(TIMEOUT)
                .build()) {
            return client.publishOwn(bundle, Credential.publish(credential, key))
                    .version();
        } catch (ModelStoreException e) {
            throw new IOException(
                    "the store refused the self-trained version (" + e.reason() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Deletes, with a fresh publish credential, every version of the user's model that they published
     * themselves (ADR 0308 amendment); the admin's versions stay, and the store hands a deleted
     * active version over to the newest remaining one.
     */
    @Override
    public void deletePublishedVersions() throws IOException {
        Credential.Publish mine = Credential.publish(credential(), key);
        String user = subject(mine.token());
        try (ModelStoreClient client = ModelStoreClient.builder(store)
                .cacheDir(cacheDir)
                .requestTimeout(TIMEOUT)
                .build()) {
            for (ModelVersion v : client.listOwn(user, mine)) {
                if (user.equals(v.publishedBy())) {
                    client.deleteOwn(user, v.version(), mine);
                }
            }
        } catch (ModelStoreException e) {
            throw new IOException(
                    "the store did not delete the self-published versions (" + e.reason() + "): " + e.getMessage(), e);
        }
    }

    private String credential() throws IOException {
        try {
            return PublishCredentials.obtain(http, signaling, userToken, key, TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking signaling for a publish credential", e);
        }
    }

    /**
     * Whom signaling issued {@code token} to: its payload's {@code sub}. Read without checking the
     * MAC (the store checks it); it only names the model whose versions are listed.
     */
    static String subject(String token) throws IOException {
        int dot = token.indexOf('.');
        try {
            byte[] json = java.util.Base64.getUrlDecoder().decode(dot < 0 ? token : token.substring(0, dot));
            String sub =
                    io.dejavu.protocol.Json.mapper().readTree(json).path("sub").asText("");
            if (sub.isEmpty()) {
                throw new IOException("signaling's publish credential names no user");
            }
            return sub;
        } catch (IllegalArgumentException e) {
            throw new IOException("signaling's publish credential is not readable: " + e.getMessage(), e);
        }
    }
}
