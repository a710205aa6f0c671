package io.dejavu.learning;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where accepted self-trained versions go: the caller-model store, as the user themself (ADR 0308).
 * Only the model bundle leaves the machine. {@link StorePublisher} is the real one; tests and a
 * machine without an account use {@link #LOCAL_ONLY}.
 */
public interface ModelPublisherPort {
    /** Keeps versions on this machine only: publishing is refused with a reason. */
    ModelPublisherPort LOCAL_ONLY = new ModelPublisherPort() {
        @Override
        public int publishOwn(Path model) throws IOException {
            throw new IOException("no store account: the version stays on this machine");
        }

        @Override
        public void deletePublishedVersions() {
            // nothing was published
        }
    };

    /**
     * Publishes the bundle in {@code model} as a new version of the user's own model.
     *
     * @return the store's version number
     * @throws IOException when signaling or the store refuses or cannot be reached (one line)
     */
    int publishOwn(Path model) throws IOException;

    /**
     * Deletes the versions this user published themself from the store (ADR 0308 amendment); the
     * admin's versions of their model stay.
     *
     * @throws IOException when signaling or the store refuses or cannot be reached (one line)
     */
    void deletePublishedVersions() throws IOException;
}
