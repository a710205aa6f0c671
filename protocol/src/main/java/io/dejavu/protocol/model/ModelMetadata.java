package io.dejavu.protocol.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a model bundle ({@code enhancer.onnx}, {@code scorer.onnx}, {@code metadata.json}) says
 * about itself. Written by the training tools, validated and served by the caller-model store,
 * shown by the app.
 *
 * @param caller the person the model was trained for, or {@link #GENERIC_CALLER} for the generic model
 * @param architecture human-readable architecture, e.g. {@code "edsr-y c16 b4"}
 * @param receptiveFieldRadius pixels of context each output pixel depends on, per side: the halo
 *     the enhancer must add around a patch so patch-wise equals full-frame output
 * @param scorerPatchSize patch side the scorer was trained on (0 when there is no scorer)
 * @param codec codec the training pairs were made with (vp8, h264, ...)
 * @param bitrateKbps bitrate the training pairs were made at
 * @param width call width the model was trained for
 * @param height call height the model was trained for
 * @param data free-form summary of the training footage (clips, frames, seconds)
 * @param metrics evaluation numbers, e.g. {@code gain_db}, {@code generic_gain_db}
 * @param createdAt when training finished
 * @param operatingRange where the model helps (codec, sizes, bits per pixel), as its training
 *     validated it; {@code null} in bundles made before ranges were declared (see {@link
 *     #effectiveRange()})
 * @param tierRanges where each tier above {@link ModelTier#CPU} helps, by tier id ({@code "gpu"}), as
 *     its own training validated it; a tier not listed runs in {@code operatingRange} (ADR 0104).
 *     The metrics of such a tier carry its id as a prefix ({@code gpu.gain_db})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(
        String caller,
        String architecture,
        int receptiveFieldRadius,
        int scorerPatchSize,
        String codec,
        int bitrateKbps,
        int width,
        int height,
        Map<String, Object> data,
        Map<String, Double> metrics,
        Instant createdAt,
        OperatingRange operatingRange,
        Map<String, OperatingRange> tierRanges) {
    /** The caller name under which the generic model is kept. */
    public static final String GENERIC_CALLER = "_generic";

    public ModelMetadata {
        if (caller == null || caller.isBlank()) {
            throw new IllegalArgumentException("metadata.caller must not be blank");
        }
        if (architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("metadata.architecture must not be blank");
        }
        if (receptiveFieldRadius < 0 || receptiveFieldRadius > 64) {
            throw new IllegalArgumentException(
                    "metadata.receptiveFieldRadius must be in 0..64, got " + receptiveFieldRadius);
        }
        if (scorerPatchSize < 0 || scorerPatchSize > 512) {
            throw new IllegalArgumentException("metadata.scorerPatchSize must be in 0..512, got " + scorerPatchSize);
        }
        if (bitrateKbps < 0) {
            throw new IllegalArgumentException("metadata.bitrateKbps must not be negative, got " + bitrateKbps);
        }
        codec = codec == null ? "vp8" : codec;
        data = data == null ? Map.of() : Map.copyOf(data);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        Objects.requireNonNull(createdAt, "metadata.createdAt");
        if (tierRanges == null) {
            tierRanges = Map.of();
        }
        for (Map.Entry<String, OperatingRange> t : tierRanges.entrySet()) {
            if (ModelTier.parse(t.getKey()) == ModelTier.CPU) {
                throw new IllegalArgumentException(
                        "metadata.tierRanges lists the cpu tier; its range is operatingRange");
            }
            if (t.getValue() == null) {
                throw new IllegalArgumentException("metadata.tierRanges." + t.getKey() + " has no range");
            }
        }
        tierRanges = Map.copyOf(tierRanges);
    }

    /** Metadata without ranges for larger tiers. */
    public ModelMetadata(
            String caller,
            String architecture,
            int receptiveFieldRadius,
            int scorerPatchSize,
            String codec,
            int bitrateKbps,
            int width,
            int height,
            Map<String, Object> data,
            Map<String, Double> metrics,
            Instant createdAt,
            OperatingRange operatingRange) {
        this(
                caller,
                architecture,
                receptiveFieldRadius,
                scorerPatchSize,
                codec,
                bitrateKbps,
                width,
                height,
                data,
                metrics,
                createdAt,
                operatingRange,
                Map.of());
    }

    /** Metadata without a declared operating range (bundles made before ranges existed, tests). */
    public ModelMetadata(
            String caller,
            String architecture,
            int receptiveFieldRadius,
            int scorerPatchSize,
            String codec,
            int bitrateKbps,
            int width,
            int height,
            Map<String, Object> data,
            Map<String, Double> metrics,
            Instant createdAt) {
        this(
                caller,
                architecture,
                receptiveFieldRadius,
                scorerPatchSize,
                codec,
                bitrateKbps,
                width,
                height,
                data,
                metrics,
                createdAt,
                null,
                Map.of());
    }

    /** The same metadata with {@code range} declared. */
    public ModelMetadata withOperatingRange(OperatingRange range) {
        return copy(data, metrics, range, tierRanges);
    }

    /**
     * The same metadata with {@code tier}'s range replaced (a recalibration): the bundle's own range
     * for the cpu tier, the tier's entry otherwise, which must exist.
     *
     * @throws IllegalArgumentException for a larger tier the bundle does not describe
     */
    public ModelMetadata withTierRange(ModelTier tier, OperatingRange range) {
        Objects.requireNonNull(range, "range");
        if (tier == ModelTier.CPU) {
            return withOperatingRange(range);
        }
        if (!describesTier(tier)) {
            throw new IllegalArgumentException("the metadata describes no " + tier.id() + " tier");
        }
        Map<String, OperatingRange> ranges = new java.util.TreeMap<>(tierRanges);
        ranges.put(tier.id(), range);
        return copy(data, metrics, operatingRange, ranges);
    }

    /** This metadata with its training summary, metrics and ranges replaced. */
    private ModelMetadata copy(
            Map<String, Object> newData,
            Map<String, Double> newMetrics,
            OperatingRange newRange,
            Map<String, OperatingRange> newTierRanges) {
        return new ModelMetadata(
                caller,
                architecture,
                receptiveFieldRadius,
                scorerPatchSize,
                codec,
                bitrateKbps,
                width,
                height,
                newData,
                newMetrics,
                createdAt,
                newRange,
                newTierRanges);
    }

    /**
     * The same metadata with a larger tier described: its range, its metrics under the tier's prefix
     * (replacing any it had), and its {@code data} under {@code tiers.<id>}.
     *
     * @throws IllegalArgumentException for the cpu tier, which the metadata itself describes
     */
    public ModelMetadata withTier(
            ModelTier tier, OperatingRange range, Map<String, Double> tierMetrics, Map<String, Object> tierData) {
        if (tier == ModelTier.CPU) {
            throw new IllegalArgumentException("the cpu tier is described by the metadata itself");
        }
        Map<String, OperatingRange> ranges = new java.util.TreeMap<>(tierRanges);
        ranges.put(tier.id(), Objects.requireNonNull(range, "range"));
        Map<String, Double> m = new java.util.TreeMap<>();
        metrics.forEach((k, v) -> {
            if (!k.startsWith(tier.id() + ".")) {
                m.put(k, v);
            }
        });
        tierMetrics.forEach((k, v) -> m.put(tier.metricKey(k), v));
        Map<String, Object> d = new java.util.LinkedHashMap<>(data);
        Map<String, Object> tiers = new java.util.TreeMap<>();
        if (d.get("tiers") instanceof Map<?, ?> old) {
            old.forEach((k, v) -> tiers.put(String.valueOf(k), v));
        }
        tiers.put(tier.id(), Map.copyOf(tierData));
        d.put("tiers", tiers);
        return copy(d, m, operatingRange, ranges);
    }

    /** Whether the bundle describes {@code tier} (the cpu tier always; a larger one once added). */
    public boolean describesTier(ModelTier tier) {
        return tier == ModelTier.CPU || tierRanges.containsKey(tier.id());
    }

    /** Where {@code tier} may run: its own validated range, else the bundle's {@link #effectiveRange()}. */
    public OperatingRange rangeFor(ModelTier tier) {
        OperatingRange own = tier == ModelTier.CPU ? null : tierRanges.get(tier.id());
        return own != null ? own : effectiveRange();
    }

    /** Whether the bundle declares where it helps. */
    public boolean declaresRange() {
        return operatingRange != null;
    }

    /**
     * Where a receiver may use the model: the declared range, or for an old bundle a conservative one
     * derived from its recorded size and bitrate ({@link OperatingRange#derived}).
     */
    public OperatingRange effectiveRange() {
        return operatingRange != null ? operatingRange : OperatingRange.derived(codec, width, height, bitrateKbps);
    }

    public boolean isGeneric() {
        return GENERIC_CALLER.equals(caller);
    }
}
