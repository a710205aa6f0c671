package io.dejavu.protocol.model;

import java.util.Locale;

/**
 * The sizes of enhancer a caller's bundle may carry, smallest first. Every bundle has the {@link
 * #CPU} tier (the file {@code enhancer.onnx} bundles have always had); a {@link #GPU} tier is a
 * larger model for receivers whose hardware keeps up with it. A receiver measures the tiers on its
 * own provider and frame size and runs the largest that fits its frame budget (ADR 0104).
 */
public enum ModelTier {
    /** Real time on two CPU cores with adaptive k; in every bundle. */
    CPU("enhancer.onnx"),
    /** Larger, for a receiver with a GPU; optional. */
    GPU("enhancer-gpu.onnx");

    private final String entryName;

    ModelTier(String entryName) {
        this.entryName = entryName;
    }

    /** The file name of this tier's enhancer in a bundle ZIP or directory. */
    public String entryName() {
        return entryName;
    }

    /** The tier's name in metadata, logs and JSON: {@code cpu}, {@code gpu}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The metric key of this tier's {@code base} metric: {@code gain_db} for cpu, {@code gpu.gain_db} for gpu. */
    public String metricKey(String base) {
        return this == CPU ? base : id() + "." + base;
    }

    /**
     * The tier named {@code id} ({@code cpu} or {@code gpu}, any case).
     *
     * @throws IllegalArgumentException naming the tiers there are
     */
    public static ModelTier parse(String id) {
        if (id != null) {
            for (ModelTier t : values()) {
                if (t.id().equalsIgnoreCase(id.trim())) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown model tier '" + id + "'; the tiers are cpu and gpu");
    }

    /** The tier whose enhancer file is {@code name}, or null. */
    public static ModelTier ofEntry(String name) {
        for (ModelTier t : values()) {
            if (t.entryName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
