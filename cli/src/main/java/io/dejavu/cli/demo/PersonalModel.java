package io.dejavu.cli.demo;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.model.ModelDirectory;
import io.dejavu.training.publish.ModelPublisher;
import io.dejavu.training.train.EnhancerTrainingOptions;
import io.dejavu.training.train.ProgressListener;
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

/**
 * Gets the demo caller a personal model the way an admin would: fine-tunes the shipped generic
 * model on the caller's enrolment footage with the call's codec and bitrate (on pairs recorded
 * through a real loopback call by default, ADR 0505), keeps it in a cache
 * keyed by everything that shaped it, and publishes it only when it beats the generic model on
 * held-back footage (else the callee gets the generic model, as in production).
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

    /** Trains (or reuses) the caller's model for this footage and call settings. */
    Prepared prepare(DemoFootage footage, String codec, int bitrateKbps, double maxMinutes, long seed, PairSource pairs)
            throws IOException {
        String key = cacheKey(footage, codec, bitrateKbps, maxMinutes, seed, pairs);
        Path dir = work.resolve("models").resolve(DemoServers.CALLER + "-" + key);
        if (isComplete(dir) && ModelDirectory.readMetadata(dir).declaresRange()) {
            err.println("demo: reusing the personal model trained earlier: " + dir);
            err.flush();
            return new Prepared(dir, ModelDirectory.readMetadata(dir), true);
        }
        err.printf(
                Locale.ROOT,
                "demo: training %s's personal model on the first %.0f s of %s (%s at %d kbps, pairs from %s,"
                        + " up to %.1f min)%n",
                DemoServers.CALLER,
                footage.enrolSeconds(),
                footage.source().getFileName(),
                codec,
                bitrateKbps,
                pairs == PairSource.CALL ? "a loopback call" : "an FFmpeg round trip",
                maxMinutes);
        err.flush();
        EnhancerTrainingOptions enhancer = EnhancerTrainingOptions.defaults(
                        Duration.ofMillis(Math.round(maxMinutes * 60_000)), seed)
                .withLearningRate(5e-4f);
        TrainingRequest request = new TrainingRequest(
                DemoServers.CALLER,
                List.of(footage.enrolPart()),
                List.of(),
                dir,
                Optional.of(genericModel),
                Optional.of(genericModel),
                Codec.parse(codec),
                bitrateKbps,
                Optional.empty(),
                1500,
                0.25,
                32,
                enhancer,
                Duration.ofSeconds(Math.max(15, Math.round(maxMinutes * 10))));
        TrainingOutcome outcome;
        try (PairMaker maker = pairs.maker(err)) {
            outcome = new TrainingService(progress(), maker).train(request);
        }
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

    private String cacheKey(DemoFootage footage, String codec, int kbps, double minutes, long seed, PairSource pairs)
            throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(String.format(
                            Locale.ROOT,
                            "%s|%d|%.3f|%s|%d|%.3f|%d|%s",
                            footage.source().toAbsolutePath(),
                            Files.size(footage.source()),
                            footage.enrolSeconds(),
                            codec,
                            kbps,
                            minutes,
                            seed,
                            // FFmpeg-made models keep the key they had before call-made ones existed.
                            pairs == PairSource.FFMPEG ? "" : pairs.id())
                    .getBytes(StandardCharsets.UTF_8));
            if (footage.scaled()) {
                // a model trained on scaled footage is another model; unscaled ones keep their key
                md.update(("|" + footage.size()).getBytes(StandardCharsets.UTF_8));
            }
            md.update(Files.readAllBytes(genericModel.resolve("enhancer.onnx")));
            // models trained on the sheared-chroma splits of earlier versions are not reused
            md.update(DemoFootage.SPLIT_VERSION.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
