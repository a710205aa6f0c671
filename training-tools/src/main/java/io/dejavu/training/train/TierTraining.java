package io.dejavu.training.train;

import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Training a larger tier of a bundle (ADR 0104): the tier is trained as a model of its own in a
 * scratch directory beside the bundle, then added to it with {@link #addTier}: its enhancer as
 * {@code enhancer-gpu.onnx}, its validated range, metrics and training summary into the bundle's
 * {@code metadata.json}, its report as {@code report-gpu.html}. The bundle's cpu tier, scorer and
 * numbers stay as they were.
 *
 * <pre>{@code
 * Path scratch = TierTraining.scratch(out, ModelTier.GPU);       // train into this
 * TierTraining.addTier(out, scratch, ModelTier.GPU);            // then fold it in
 * }</pre>
 */
public final class TierTraining {
    private TierTraining() {}

    /** The directory a tier of {@code bundle} is trained into before it is added. */
    public static Path scratch(Path bundle, ModelTier tier) {
        Path abs = bundle.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + "." + tier.id() + "-tier");
    }

    /**
     * Checks that {@code bundle} holds a model (the cpu tier) a larger tier can be added to.
     *
     * @return its metadata
     * @throws TrainingException naming what is missing
     */
    public static ModelMetadata requireCpuTier(Path bundle, ModelTier tier) {
        if (!Files.isRegularFile(bundle.resolve(ModelBundle.ENHANCER))) {
            throw new TrainingException("--tier " + tier.id() + " adds a tier to a trained model, and " + bundle
                    + " has no " + ModelBundle.ENHANCER + "; train its cpu tier first (without --tier)");
        }
        return ModelDirectory.readMetadata(bundle);
    }

    /**
     * {@code bundle} seen as a model directory whose {@code enhancer.onnx} is its {@code tier}: the
     * bundle itself for the cpu tier, a copy under {@code work} for a larger tier it has (its
     * metadata's own range that tier's), empty when it has none (a base to fine-tune from, or the
     * generic tier to compare with).
     */
    public static Optional<Path> view(Path bundle, ModelTier tier, Path work) {
        if (tier == ModelTier.CPU) {
            return Optional.of(bundle);
        }
        Path tierFile = bundle.resolve(tier.entryName());
        if (!Files.isRegularFile(tierFile)) {
            return Optional.empty();
        }
        Path dir = work.resolve(bundle.getFileName() + "-" + tier.id());
        try {
            Files.createDirectories(dir);
            Files.copy(tierFile, dir.resolve(ModelBundle.ENHANCER), StandardCopyOption.REPLACE_EXISTING);
            if (Files.isRegularFile(bundle.resolve(ModelBundle.SCORER))) {
                Files.copy(
                        bundle.resolve(ModelBundle.SCORER),
                        dir.resolve(ModelBundle.SCORER),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.isRegularFile(bundle.resolve(ModelBundle.METADATA))) {
                // the view's own range is the tier's: a comparison with it (the generic model's
                // "delivers" of a range calibration) must use where that tier runs, not the cpu tier's
                ModelMetadata meta = ModelDirectory.readMetadata(bundle);
                ModelDirectory.write(
                        dir,
                        ModelBundle.METADATA,
                        Json.mapper()
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsBytes(meta.withOperatingRange(meta.rangeFor(tier))));
            }
        } catch (IOException e) {
            throw new TrainingException(
                    ModelDirectory.describe("cannot prepare the " + tier.id() + " tier of " + bundle, e), e);
        }
        return Optional.of(dir);
    }

    /**
     * Adds the model trained in {@code trained} to {@code bundle} as {@code tier}, then deletes
     * {@code trained}. The bundle is replaced as a whole (a reader sees the old or the new one).
     *
     * @return the bundle's new metadata
     */
    public static ModelMetadata addTier(Path bundle, Path trained, ModelTier tier) {
        if (tier == ModelTier.CPU) {
            throw new IllegalArgumentException("the cpu tier is the bundle itself; train it without --tier");
        }
        ModelMetadata base = requireCpuTier(bundle, tier);
        ModelMetadata own = ModelDirectory.readMetadata(trained);
        if (!own.caller().equals(base.caller())) {
            throw new TrainingException("the " + tier.id() + " tier was trained for " + own.caller() + ", but " + bundle
                    + " is " + base.caller() + "'s model");
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("architecture", own.architecture());
        summary.put("receptive_field_radius", own.receptiveFieldRadius());
        for (String key : new String[] {"device", "steps", "training_seconds", "stop", "base", "seed"}) {
            Object v = own.data().get(key);
            if (v != null) {
                summary.put(key, v);
            }
        }
        ModelMetadata merged = base.withTier(tier, own.effectiveRange(), own.metrics(), summary);
        Path staging = ModelDirectory.staging(bundle);
        boolean done = false;
        try {
            copyTree(bundle, staging);
            Files.copy(
                    trained.resolve(ModelBundle.ENHANCER),
                    staging.resolve(tier.entryName()),
                    StandardCopyOption.REPLACE_EXISTING);
            Path report = trained.resolve(ModelDirectory.REPORT);
            if (Files.isRegularFile(report)) {
                Files.copy(
                        report, staging.resolve("report-" + tier.id() + ".html"), StandardCopyOption.REPLACE_EXISTING);
            }
            ModelDirectory.write(
                    staging,
                    ModelBundle.METADATA,
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(merged));
            ModelDirectory.commit(staging, bundle);
            done = true;
        } catch (IOException e) {
            throw new TrainingException(
                    ModelDirectory.describe("cannot add the " + tier.id() + " tier to " + bundle, e), e);
        } finally {
            if (!done) {
                ModelDirectory.discard(staging);
            }
        }
        ModelDirectory.discard(trained);
        return merged;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
