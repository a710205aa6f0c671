package io.dejavu.store.client;

import io.dejavu.protocol.model.ModelMetadata;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model ready on local disk, and where it came from.
 *
 * <pre>{@code
 * FetchedModel m = client.fetch("alice", Credential.ticket(ticket, "bob", key));
 * label.setText(m.describe());                    // "personal v3", "generic v1 (cached; ...)"
 * try (OrtSession s = env.createSession(m.enhancerOnnx().toString(), options)) { ... }
 * }</pre>
 *
 * @param requestedCaller whose model was asked for
 * @param kind personal model of that caller, or the generic model served in its place
 * @param version the store's version number of the bundle
 * @param sha256 hex sha256 of the bundle, verified
 * @param origin downloaded now, confirmed unchanged by the store, or taken from the cache because
 *     the store could not be reached
 * @param directory holds {@code enhancer.onnx}, {@code scorer.onnx} (when the metadata has a
 *     scorer) and {@code metadata.json}
 * @param metadata the bundle's metadata
 * @param bytesDownloaded bundle bytes that crossed the network for this fetch (0 unless downloaded)
 */
public record FetchedModel(
        String requestedCaller,
        Kind kind,
        int version,
        String sha256,
        Origin origin,
        Path directory,
        ModelMetadata metadata,
        long bytesDownloaded) {
    /** Whose model it is. */
    public enum Kind {
        PERSONAL,
        GENERIC
    }

    /** How this fetch got it. */
    public enum Origin {
        /** Downloaded from the store now. */
        DOWNLOADED,
        /** The cached copy, which the store confirmed is current (HTTP 304; nothing downloaded). */
        CACHE_CURRENT,
        /** The cached copy, used because the store could not be reached; it may be outdated. */
        CACHE_OFFLINE
    }

    public FetchedModel {
        Objects.requireNonNull(requestedCaller, "requestedCaller");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(metadata, "metadata");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
    }

    public Path enhancerOnnx() {
        return directory.resolve("enhancer.onnx");
    }

    public Path scorerOnnx() {
        return directory.resolve("scorer.onnx");
    }

    public boolean fromCache() {
        return origin != Origin.DOWNLOADED;
    }

    /** For the UI: "personal v3", "generic v1", "personal v3 (cached; store unreachable)". */
    public String describe() {
        String s = (kind == Kind.PERSONAL ? "personal v" : "generic v") + version;
        return origin == Origin.CACHE_OFFLINE ? s + " (cached; store unreachable)" : s;
    }
}
