package io.dejavu.training.publish;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.ModelDirectory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Uploads a model directory to the caller-model store, after the guard: a bundle that does not
 * declare where it helps (its operating range, ADR 0506) is refused, and so is a personal model
 * that did not beat the generic model on the person's held-back footage, overall and at each
 * declared point of its range (the caller then keeps getting the generic model), unless forced.
 *
 * <pre>{@code
 * ModelVersion v = new ModelPublisher().publish(Path.of("models/alice"), URI.create("http://127.0.0.1:8090"),
 *         adminToken, false);
 * }</pre>
 */
public final class ModelPublisher {
    /**
     * Why {@link #check} accepts or refuses a model.
     *
     * @param accepted whether publishing may go ahead without {@code --force}
     * @param reason one line for the admin
     */
    public record Verdict(boolean accepted, String reason) {}

    /** Noise allowed at one point of the range: 100-frame PSNR means move by a few hundredths of a dB. */
    static final double POINT_TOLERANCE_DB = 0.05;

    /**
     * The guard alone: does this model declare its range, and beat the generic one on its held-back
     * footage, and does each larger tier it has (ADR 0104) beat the same tier of the generic model
     * (a generic tier: gain something)?
     */
    public static Verdict check(ModelMetadata meta) {
        Verdict cpu = checkCpuTier(meta);
        if (!cpu.accepted()) {
            return cpu;
        }
        for (String id : new java.util.TreeSet<>(meta.tierRanges().keySet())) {
            Verdict tier = checkTier(meta, ModelTier.parse(id));
            if (!tier.accepted()) {
                return tier;
            }
        }
        return cpu;
    }

    /** A larger tier: evaluated, and better than the generic model's same tier (or than nothing, for the generic). */
    static Verdict checkTier(ModelMetadata meta, ModelTier tier) {
        Double gain = meta.metrics().get(tier.metricKey("gain_db"));
        Double generic = meta.metrics().get(tier.metricKey("generic_gain_db"));
        if (gain == null) {
            return new Verdict(
                    false,
                    "the " + tier.id() + " tier was never evaluated on held-back footage (no "
                            + tier.metricKey("gain_db") + ")");
        }
        if (!meta.rangeFor(tier).helpsAnywhere()) {
            return new Verdict(false, "the " + tier.id() + " tier helped at no bitrate it was validated at");
        }
        if (meta.isGeneric()) {
            return gain > 0
                    ? new Verdict(true, "")
                    : new Verdict(
                            false,
                            String.format(
                                    Locale.ROOT,
                                    "the generic model's %s tier gains %+.3f dB on people never seen: worse than no"
                                            + " model",
                                    tier.id(),
                                    gain));
        }
        if (generic == null || gain <= generic) {
            return new Verdict(
                    false,
                    String.format(
                            Locale.ROOT,
                            "the %s tier gains %+.3f dB on held-back footage and the generic model %s on the same frames;"
                                    + " it does not beat it: drop %s or train it again",
                            tier.id(),
                            gain,
                            generic == null ? "was not compared" : String.format(Locale.ROOT, "%+.3f dB", generic),
                            tier.entryName()));
        }
        return new Verdict(true, "");
    }

    private static Verdict checkCpuTier(ModelMetadata meta) {
        if (!meta.declaresRange()) {
            return new Verdict(
                    false,
                    "metadata.json declares no operatingRange (where the model helps); retrain it with this version's"
                            + " train or train-generic, which measure one");
        }
        if (meta.isGeneric()) {
            return new Verdict(
                    true, "generic model, enhances at " + meta.operatingRange().describe());
        }
        Double gain = meta.metrics().get("gain_db");
        Double generic = meta.metrics().get("generic_gain_db");
        if (gain == null) {
            return new Verdict(false, "metadata has no gain_db: the model was never evaluated on held-back footage");
        }
        if (generic == null) {
            return new Verdict(
                    false,
                    String.format(
                            Locale.ROOT,
                            "the model (%+.3f dB) was not compared with the generic model on the held-back footage",
                            gain));
        }
        if (gain <= generic) {
            return new Verdict(
                    false,
                    String.format(
                            Locale.ROOT,
                            "personal model gains %+.3f dB on held-back footage, the generic model %+.3f dB: it does not"
                                    + " beat the generic model, so %s keeps the generic one",
                            gain,
                            generic,
                            meta.caller()));
        }
        OperatingRange range = meta.operatingRange();
        if (!range.helpsAnywhere()) {
            return new Verdict(
                    false,
                    "the model helped at no bitrate it was validated at, so " + meta.caller()
                            + " keeps the generic one");
        }
        for (OperatingRange.Point p : range.points()) {
            boolean declared =
                    range.outside(range.codec(), p.width(), p.height(), p.bpp()).isEmpty();
            if (declared && Double.isFinite(p.genericGainDb()) && p.gainDb() < p.genericGainDb() - POINT_TOLERANCE_DB) {
                return new Verdict(
                        false,
                        String.format(
                                Locale.ROOT,
                                "at %.0f kbps (%.3f bits/pixel), inside its declared range, the personal model gains"
                                        + " %+.3f dB and the generic model delivers %+.3f dB, so %s keeps the generic"
                                        + " one",
                                p.kbps(),
                                p.bpp(),
                                p.gainDb(),
                                p.genericGainDb(),
                                meta.caller()));
            }
        }
        return new Verdict(
                true,
                String.format(
                        Locale.ROOT,
                        "personal %+.3f dB beats generic %+.3f dB; enhances at %s",
                        gain,
                        generic,
                        range.describe()));
    }

    /**
     * Checks the guard (unless {@code force}) and uploads.
     *
     * @throws TrainingException if the guard refuses, the bundle is incomplete, or the store fails
     */
    public ModelVersion publish(Path model, URI store, String adminToken, boolean force) {
        ModelDirectory.requireComplete(model);
        ModelMetadata meta = ModelDirectory.readMetadata(model);
        Verdict verdict = check(meta);
        for (ModelTier tier : ModelTier.values()) {
            if (tier != ModelTier.CPU
                    && verdict.accepted()
                    && java.nio.file.Files.isRegularFile(model.resolve(tier.entryName()))
                    && !meta.tierRanges().containsKey(tier.id())) {
                verdict = new Verdict(
                        false,
                        model.resolve(tier.entryName()) + " is there but " + ModelBundle.METADATA
                                + " says nothing of the " + tier.id() + " tier: it was never evaluated (add tiers"
                                + " with train --tier " + tier.id() + ")");
            }
        }
        if (!verdict.accepted() && !force) {
            throw new TrainingException(
                    "refusing to publish " + model + ": " + verdict.reason() + " (use --force to publish anyway)");
        }
        if (adminToken == null || adminToken.isBlank()) {
            throw new TrainingException("--admin-token must not be blank");
        }
        try (ModelStoreClient client = ModelStoreClient.builder(store)
                .cacheDir(model.toAbsolutePath().getParent().resolve(".store-cache"))
                .requestTimeout(Duration.ofSeconds(60))
                .build()) {
            return client.upload(model, adminToken);
        } catch (ModelStoreException e) {
            throw new TrainingException(
                    "store " + store + " refused or failed (" + e.reason() + "): " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new TrainingException("bad store URL " + store + ": " + e.getMessage(), e);
        }
    }
}
