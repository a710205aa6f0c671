package io.dejavu.store;

import io.dejavu.protocol.model.ModelMetadata;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a caller's model, as the store lists it (JSON on the wire).
 *
 * @param caller whose model this is ({@link ModelMetadata#GENERIC_CALLER} for the generic model)
 * @param version 1, 2, ... in upload order; never reused for another bundle of the same caller
 *     while the caller has versions
 * @param sha256 hex sha256 of the bundle bytes, also its ETag
 * @param sizeBytes bundle size
 * @param active whether downloads of the caller's model get this version
 * @param uploadedAt when the store published it
 * @param metadata the bundle's {@code metadata.json}
 * @param publishedBy the user who self-published it with their own publish credential (ADR 0308),
 *     {@code uploadedAt} being when; null for a version the admin uploaded
 */
public record ModelVersion(
        String caller,
        int version,
        String sha256,
        long sizeBytes,
        boolean active,
        Instant uploadedAt,
        ModelMetadata metadata,
        String publishedBy) {
    public ModelVersion {
        StoreProtocol.requireCaller(caller);
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got " + sha256);
        }
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("sizeBytes must be positive, got " + sizeBytes);
        }
        Objects.requireNonNull(uploadedAt, "uploadedAt");
        Objects.requireNonNull(metadata, "metadata");
        if (publishedBy != null) {
            StoreProtocol.requireCaller(publishedBy);
        }
    }

    /** A version the admin uploaded. */
    public ModelVersion(
            String caller,
            int version,
            String sha256,
            long sizeBytes,
            boolean active,
            Instant uploadedAt,
            ModelMetadata metadata) {
        this(caller, version, sha256, sizeBytes, active, uploadedAt, metadata, null);
    }

    /** Whether its owner published it with a publish credential rather than the admin. */
    public boolean selfPublished() {
        return publishedBy != null;
    }
}
