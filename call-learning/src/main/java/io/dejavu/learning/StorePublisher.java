package io.dejavu.learning;

import io.dejavu.protocol.ticket.PublishCredentials;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;
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
        String credential;
        try {
            credential = PublishCredentials.obtain(http, signaling, userToken, key, TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking signaling for a publish credential", e);
        }
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

    @Override
    public void deletePublishedVersions() throws IOException {
        // TODO(issue 17 point 4): the store's self-delete route (DELETE of one's own published versions
        // with a publish credential) comes with the settings UI's change; call it here then.
        throw new IOException("this store cannot delete self-published versions yet: ask an admin to delete them");
    }
}
