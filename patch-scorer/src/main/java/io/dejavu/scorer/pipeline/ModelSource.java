package io.dejavu.scorer.pipeline;

import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.model.OperatingRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bytes of a caller's model bundle: the enhancer, and optionally a scorer (without one the
 * model-free edge-energy scorer is used).
 *
 * <pre>{@code
 * ModelSource model = ModelSource.fromDirectory(Path.of("models/generic"));
 * ModelSource inMemory = new ModelSource("alice", enhancerBytes, scorerBytes);
 * }</pre>
 *
 * @param name for reports, e.g. the caller's name
 * @param enhancerOnnx the enhancer model, not empty
 * @param scorerOnnx the scorer model, or an empty array when there is none
 * @param range where the model may run (its bundle's declared or derived {@link OperatingRange};
 *     unrestricted for a model given as bytes alone)
 * @param largerTiers enhancers of the bundle's tiers above {@link ModelTier#CPU} (whose enhancer is
 *     {@code enhancerOnnx}); empty for a single-model bundle
 * @param tierRanges where each larger tier may run, when its bundle says (else {@code range})
 */
public record ModelSource(
        String name,
        byte[] enhancerOnnx,
        byte[] scorerOnnx,
        OperatingRange range,
        Map<ModelTier, byte[]> largerTiers,
        Map<ModelTier, OperatingRange> tierRanges) {
    public ModelSource {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        Objects.requireNonNull(enhancerOnnx, "enhancerOnnx");
        scorerOnnx = scorerOnnx == null ? new byte[0] : scorerOnnx;
        range = range == null ? OperatingRange.unrestricted() : range;
        Map<ModelTier, byte[]> larger = new EnumMap<>(ModelTier.class);
        if (largerTiers != null) {
            larger.putAll(largerTiers);
        }
        if (larger.containsKey(ModelTier.CPU)) {
            throw new IllegalArgumentException("the cpu tier is enhancerOnnx, not one of the larger tiers");
        }
        largerTiers = Collections.unmodifiableMap(larger);
        Map<ModelTier, OperatingRange> ranges = new EnumMap<>(ModelTier.class);
        if (tierRanges != null) {
            ranges.putAll(tierRanges);
        }
        ranges.remove(ModelTier.CPU);
        tierRanges = Collections.unmodifiableMap(ranges);
    }

    /** A source whose larger tiers run in the bundle's range. */
    public ModelSource(
            String name,
            byte[] enhancerOnnx,
            byte[] scorerOnnx,
            OperatingRange range,
            Map<ModelTier, byte[]> largerTiers) {
        this(name, enhancerOnnx, scorerOnnx, range, largerTiers, Map.of());
    }

    /** A single-model source (the cpu tier only). */
    public ModelSource(String name, byte[] enhancerOnnx, byte[] scorerOnnx, OperatingRange range) {
        this(name, enhancerOnnx, scorerOnnx, range, Map.of(), Map.of());
    }

    /** A model with no operating range: it runs at any bitrate (benchmarks, tests of the runtime). */
    public ModelSource(String name, byte[] enhancerOnnx, byte[] scorerOnnx) {
        this(name, enhancerOnnx, scorerOnnx, OperatingRange.unrestricted());
    }

    /** An enhancer without a learned scorer. */
    public static ModelSource enhancerOnly(String name, byte[] enhancerOnnx) {
        return new ModelSource(name, enhancerOnnx, new byte[0]);
    }

    public boolean hasScorer() {
        return scorerOnnx.length > 0;
    }

    /** The tiers this source has, smallest first: {@link ModelTier#CPU}, then any larger ones. */
    public List<ModelTier> tiers() {
        List<ModelTier> tiers = new ArrayList<>();
        tiers.add(ModelTier.CPU);
        tiers.addAll(largerTiers.keySet());
        return List.copyOf(tiers);
    }

    /**
     * The same model with only {@code tier}'s enhancer (as {@code enhancerOnnx}), the scorer and the
     * tier's range: what one loaded {@link FrameEnhancer} runs.
     *
     * @throws IllegalArgumentException if the source has no such tier
     */
    public ModelSource onlyTier(ModelTier tier) {
        if (tier == ModelTier.CPU) {
            return largerTiers.isEmpty() ? this : new ModelSource(name, enhancerOnnx, scorerOnnx, range);
        }
        byte[] onnx = largerTiers.get(tier);
        if (onnx == null) {
            throw new IllegalArgumentException("model " + name + " has no " + tier.id() + " tier");
        }
        return new ModelSource(name, onnx, scorerOnnx, tierRanges.getOrDefault(tier, range));
    }

    /**
     * Reads a model bundle directory: {@code enhancer.onnx} (required), {@code scorer.onnx} and
     * {@code metadata.json} (optional; its {@code caller} names the model and its operating range,
     * declared or derived from its recorded bitrate, limits where the model runs).
     *
     * @throws ModelLoadException if the directory or its enhancer cannot be read
     */
    public static ModelSource fromDirectory(Path dir) throws ModelLoadException {
        Path enhancer = dir.resolve("enhancer.onnx");
        if (!Files.isRegularFile(enhancer)) {
            throw new ModelLoadException("model directory " + dir + " has no enhancer.onnx");
        }
        try {
            byte[] e = Files.readAllBytes(enhancer);
            Map<ModelTier, byte[]> larger = new EnumMap<>(ModelTier.class);
            for (ModelTier t : ModelTier.values()) {
                Path file = dir.resolve(t.entryName());
                if (t != ModelTier.CPU && Files.isRegularFile(file)) {
                    larger.put(t, Files.readAllBytes(file));
                }
            }
            Path scorerFile = dir.resolve("scorer.onnx");
            byte[] s = Files.isRegularFile(scorerFile) ? Files.readAllBytes(scorerFile) : new byte[0];
            String name = dir.getFileName() == null
                    ? dir.toString()
                    : dir.getFileName().toString();
            Path meta = dir.resolve("metadata.json");
            OperatingRange range = OperatingRange.unrestricted();
            Map<ModelTier, OperatingRange> ranges = new EnumMap<>(ModelTier.class);
            if (Files.isRegularFile(meta)) {
                try {
                    ModelMetadata m = Json.mapper().readValue(meta.toFile(), ModelMetadata.class);
                    name = m.caller();
                    range = m.effectiveRange();
                    for (ModelTier t : larger.keySet()) {
                        ranges.put(t, m.rangeFor(t));
                    }
                } catch (IOException | RuntimeException ex) {
                    throw new ModelLoadException("model metadata " + meta + " is not valid: " + reason(ex), ex);
                }
            }
            return new ModelSource(name, e, s, range, larger, ranges);
        } catch (IOException ex) {
            throw new ModelLoadException("cannot read model directory " + dir + ": " + ex.getMessage(), ex);
        }
    }

    /** The validation message of our records rather than Jackson's wrapper with its source dump. */
    private static String reason(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        String m = String.valueOf(e.getMessage());
        int at = m.indexOf("\n at [Source");
        return at > 0 ? m.substring(0, at) : m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSource m
                && m.name.equals(name)
                && java.util.Arrays.equals(m.enhancerOnnx, enhancerOnnx)
                && java.util.Arrays.equals(m.scorerOnnx, scorerOnnx)
                && m.range.equals(range)
                && m.largerTiers.keySet().equals(largerTiers.keySet())
                && m.tierRanges.equals(tierRanges)
                && largerTiers.entrySet().stream()
                        .allMatch(t -> Arrays.equals(t.getValue(), m.largerTiers.get(t.getKey())));
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Arrays.hashCode(enhancerOnnx);
    }

    @Override
    public String toString() {
        StringBuilder larger = new StringBuilder();
        largerTiers.forEach((t, b) -> larger.append(", ")
                .append(t.id())
                .append(" tier ")
                .append(b.length)
                .append(" bytes"));
        return "ModelSource[" + name + ", enhancer " + enhancerOnnx.length + " bytes" + larger + ", scorer "
                + scorerOnnx.length + " bytes, range " + range.describe() + "]";
    }
}
