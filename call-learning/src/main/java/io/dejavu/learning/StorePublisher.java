package io.dejavu.learning;

import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
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
    private final PublishAccess access;
    private final Path cacheDir;

    public StorePublisher(URI store, URI signaling, String userToken, TicketKey key, Path cacheDir) {
        this.access = new PublishAccess(store, signaling, userToken, key);
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    @Override
    public int publishOwn(Path model) throws IOException {
        ModelBundle bundle;
        try {
            bundle = ModelBundle.readDirectory(model);
        } catch (BundleFormatException e) {
            throw new IOException("the self-trained version in " + model + " is not a bundle: " + e.getMessage(), e);
        }
        Credential.Publish mine = access.credential();
        try (ModelStoreClient client = access.client(cacheDir)) {
            return client.publishOwn(bundle, mine).version();
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
        Credential.Publish mine = access.credential();
        String user = PublishAccess.subject(mine.token());
        try (ModelStoreClient client = access.client(cacheDir)) {
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
}
