package io.dejavu.cli.demo;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.model.ModelDirectory;
import io.dejavu.training.model.OnnxGraphs;
import io.dejavu.training.publish.ModelPublisher;
import io.dejavu.training.train.EnhancerTrainingOptions;
import io.dejavu.training.train.ProgressListener;
import io.dejavu.training.train.TierTraining;
import io.dejavu.training.train.TrainingOutcome;
import io.dejavu.training.train.TrainingRequest;
import io.dejavu.training.train.TrainingService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Gets the demo caller a personal model the way an admin would: fine-tunes the shipped generic
 * model on the caller's enrolment footage with the call's codec and bitrate (on pairs recorded
 * through a real loopback call by default, ADR 0505), keeps it in a cache
 * keyed by everything that shaped it, and publishes it only when it beats the generic model on
 * held-back footage (else the callee gets the generic model, as in production).
 *
 * <p>Larger tiers (ADR 0104) are trained on request, each fine-tuned from the same tier of the
 * generic model for the same time, and added to the bundle beside its cpu tier; a tier the generic
 * model lacks is left out (the sweep then has no personal row for it).
 */
final class PersonalModel {
    // TrainingService's own default: inference threads for its evaluations, one PyTorch thread.
    private static final int TRAINING_THREADS =
            Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private final Path work;
    private final Path genericModel;
    private final PrintWriter err;

    PersonalModel(Path work, Path genericModel, PrintWriter err) {
        this.work = work;
        this.genericModel = genericModel;
        this.err = err;
    }

    /** What the demo ended up with. */
    record Prepared(Path dir, ModelMetadata metadata, boolean reused) {}

    /** Trains (or reuses) the caller's model, its cpu tier only, for this footage and call settings. */
    Prepared prepare(DemoFootage footage, String codec, int bitrateKbps, double maxMinutes, long seed, PairSource pairs)
            throws IOException {
        return prepare(footage, codec, bitrateKbps, maxMinutes, seed, pairs, Set.of(ModelTier.CPU));
    }

    /**
     * Trains (or reuses) the caller's model for this footage and call settings, with the cpu tier and
     * each larger tier of {@code tiers} the generic model has; a tier reused from an earlier run is
     * not trained again.
     */
    Prepared prepare(
            DemoFootage footage,
            String codec,
            int bitrateKbps,
            double maxMinutes,
            long seed,
            PairSource pairs,
            Set<ModelTier> tiers)
            throws IOException {
        Job job = new Job(footage, codec, bitrateKbps, maxMinutes, seed, pairs);
        String key = cacheKey(job);
        Path dir = work.resolve("models").resolve(DemoServers.CALLER + "-" + key);
        Prepared prepared;
        if (isComplete(dir) && ModelDirectory.readMetadata(dir).declaresRange()) {
            err.println("demo: reusing the personal model trained earlier: " + dir);
            err.flush();
            prepared = new Prepared(dir, ModelDirectory.readMetadata(dir), true);
        } else {
            prepared = trainCpuTier(job, dir);
        }
        for (ModelTier t : ModelTier.values()) {
            if (t != ModelTier.CPU && tiers.contains(t) && !Files.isRegularFile(dir.resolve(t.entryName()))) {
                prepared = trainLargerTier(prepared, t, job);
            }
        }
        return prepared;
    }

    /** What shapes a personal model: the footage and the call settings it is trained for. */
    private record Job(
            DemoFootage footage, String codec, int bitrateKbps, double maxMinutes, long seed, PairSource pairs) {}

    private Prepared trainCpuTier(Job job, Path dir) throws IOException {
        DemoFootage footage = job.footage();
        err.printf(
                Locale.ROOT,
                "demo: training %s's personal model on the first %.0f s of %s (%s at %d kbps, pairs from %s,"
                        + " up to %.1f min)%n",
                DemoServers.CALLER,
                footage.enrolSeconds(),
                footage.source().getFileName(),
                job.codec(),
                job.bitrateKbps(),
                job.pairs() == PairSource.CALL ? "a loopback call" : "an FFmpeg round trip",
                job.maxMinutes());
        err.flush();
        TrainingOutcome outcome = train(
                job,
                dir,
                genericModel,
                Architecture.DEFAULT,
                Duration.ofSeconds(Math.max(15, Math.round(job.maxMinutes() * 10))));
        err.printf(
                Locale.ROOT,
                "demo: personal model gains %+.2f dB on held-back enrolment footage (generic %s)%n",
                outcome.validation().gainDb(),
                outcome.generic()
                        .map(g -> String.format(Locale.ROOT, "%+.2f dB", g.gainDb()))
                        .orElse("n/a"));
        err.flush();
        return new Prepared(dir, outcome.metadata(), false);
    }

    /**
     * Fine-tunes {@code tier} of the generic model on the same footage and settings into a scratch
     * directory, then adds it to the bundle; nothing when the generic model has no such tier.
     */
    private Prepared trainLargerTier(Prepared bundle, ModelTier tier, Job job) throws IOException {
        Path views = work.resolve("models").resolve(".generic-tier-views");
        Optional<Path> genericTier = TierTraining.view(genericModel, tier, views);
        if (genericTier.isEmpty()) {
            err.printf(
                    Locale.ROOT,
                    "demo: the generic model has no %s tier, so the personal model gets none%n",
                    tier.id());
            err.flush();
            return bundle;
        }
        err.printf(
                Locale.ROOT,
                "demo: training the %s tier of %s's personal model from the generic model's (%s at %d kbps, up to"
                        + " %.1f min)%n",
                tier.id(),
                DemoServers.CALLER,
                job.codec(),
                job.bitrateKbps(),
                job.maxMinutes());
        err.flush();
        Path scratch = TierTraining.scratch(bundle.dir(), tier);
        // the bundle keeps the cpu tier's scorer: the larger tier's own is trained only as briefly as allowed
        TrainingOutcome outcome = train(
                job,
                scratch,
                genericTier.get(),
                // the size of the generic model's tier, which it fine-tunes
                OnnxGraphs.readEnhancer(Files.readAllBytes(genericTier.get().resolve(ModelBundle.ENHANCER)))
                        .architecture(),
                Duration.ofSeconds(1));
        ModelMetadata merged = TierTraining.addTier(bundle.dir(), scratch, tier);
        err.printf(
                Locale.ROOT,
                "demo: its %s tier gains %+.2f dB on held-back enrolment footage (the generic's %s tier %s)%n",
                tier.id(),
                outcome.validation().gainDb(),
                tier.id(),
                outcome.generic()
                        .map(g -> String.format(Locale.ROOT, "%+.2f dB", g.gainDb()))
                        .orElse("n/a"));
        err.flush();
        return new Prepared(bundle.dir(), merged, false);
    }

    private TrainingOutcome train(Job job, Path out, Path from, Architecture arch, Duration scorerTime)
            throws IOException {
        EnhancerTrainingOptions enhancer = EnhancerTrainingOptions.defaults(
                        Duration.ofMillis(Math.round(job.maxMinutes() * 60_000)), job.seed())
                .withArchitecture(arch)
                .withLearningRate(5e-4f);
        TrainingRequest request = new TrainingRequest(
                DemoServers.CALLER,
                List.of(job.footage().enrolPart()),
                List.of(),
                out,
                Optional.of(from),
                Optional.of(from),
                Codec.parse(job.codec()),
                job.bitrateKbps(),
                Optional.empty(),
                1500,
                0.25,
                32,
                enhancer,
                scorerTime);
        try (PairMaker maker = job.pairs().maker(err)) {
            return new TrainingService(progress(), maker).train(request);
        }
    }

    /**
     * Publishes the model if the guard accepts it; returns the line saying what the callee will get.
     */
    String publish(Prepared model, URI store, String adminToken) {
        ModelPublisher.Verdict verdict = ModelPublisher.check(model.metadata());
        if (!verdict.accepted()) {
            return "not published (" + verdict.reason() + "); the callee gets the generic model";
        }
        var version = new ModelPublisher().publish(model.dir(), store, adminToken, false);
        return "published personal v" + version.version() + " (" + verdict.reason() + ")";
    }

    /**
     * Publishes the model whatever the guard says (the sweep measures the personal model itself);
     * the returned line still says what the guard thought of it.
     */
    String publishAnyway(Prepared model, URI store, String adminToken) {
        ModelPublisher.Verdict verdict = ModelPublisher.check(model.metadata());
        var version = new ModelPublisher().publish(model.dir(), store, adminToken, true);
        return "published personal v" + version.version()
                + (verdict.accepted() ? " (guard: " : " although the guard refuses it (") + verdict.reason() + ")";
    }

    private static boolean isComplete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            ModelDirectory.requireComplete(dir);
            return true;
        } catch (io.dejavu.training.TrainingException e) {
            return false;
        }
    }

    private ProgressListener progress() {
        return new ProgressListener() {
            private long lastPrint;

            @Override
            public void onProgress(io.dejavu.training.train.TrainingProgress p) {
                long now = System.nanoTime();
                if (now - lastPrint < 2_000_000_000L && p.fraction() < 1.0) {
                    return;
                }
                lastPrint = now;
                int width = 30;
                int filled = (int) Math.round(p.fraction() * width);
                err.printf(
                        Locale.ROOT,
                        "  %-8s [%s%s] %3.0f%%  step %d  loss %s  val gain %s%n",
                        p.phase(),
                        "#".repeat(filled),
                        " ".repeat(width - filled),
                        100 * p.fraction(),
                        p.step(),
                        Double.isFinite(p.loss()) ? String.format(Locale.ROOT, "%.4f", p.loss()) : "-",
                        Double.isNaN(p.validationGainDb())
                                ? "-"
                                : String.format(Locale.ROOT, "%+.2f dB", p.validationGainDb()));
                err.flush();
            }

            @Override
            public void onMessage(String message) {
                err.println("  " + message);
                err.flush();
            }
        };
    }

    private String cacheKey(Job job) throws IOException {
        DemoFootage footage = job.footage();
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(String.format(
                            Locale.ROOT,
                            "%s|%d|%.3f|%s|%d|%.3f|%d|%s",
                            footage.source().toAbsolutePath(),
                            Files.size(footage.source()),
                            footage.enrolSeconds(),
                            job.codec(),
                            job.bitrateKbps(),
                            job.maxMinutes(),
                            job.seed(),
                            // FFmpeg-made models keep the key they had before call-made ones existed.
                            job.pairs() == PairSource.FFMPEG ? "" : job.pairs().id())
                    .getBytes(StandardCharsets.UTF_8));
            if (footage.scaled()) {
                // a model trained on scaled footage is another model; unscaled ones keep their key
                md.update(("|" + footage.size()).getBytes(StandardCharsets.UTF_8));
            }
            for (ModelTier t : ModelTier.values()) {
                // each tier of the bundle was fine-tuned from the generic model's same tier of then
                Path tierFile = genericModel.resolve(t.entryName());
                if (Files.isRegularFile(tierFile)) {
                    md.update(Files.readAllBytes(tierFile));
                }
            }
            // the guard's verdict compares with what the generic model delivers inside its bands
            md.update(Files.readAllBytes(genericModel.resolve(ModelBundle.METADATA)));
            // models trained on the sheared-chroma splits of earlier versions are not reused
            md.update(DemoFootage.SPLIT_VERSION.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
