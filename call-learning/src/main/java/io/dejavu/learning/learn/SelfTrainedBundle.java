package io.dejavu.learning.learn;

import io.dejavu.learning.footage.KeptCall;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an accepted self-trained version as a complete bundle the store takes: the fine-tuned
 * enhancer, the scorer of the model it started from (it ranks where enhancing pays; a minute of
 * fine-tuning moves the enhancer, not where it helps, and the scorer's own training would take as
 * long again), and metadata with the guard's numbers and an operating range measured at the newest
 * call's point, from half to 1.25 times its bits per pixel (a derived range's margins): the user's
 * calls run at that size and bitrate.
 */
final class SelfTrainedBundle {
    /** What the run measured, for the metadata. */
    record Measured(
            double gainDb,
            double previousGainDb,
            double genericGainDb,
            double kbps,
            double fps,
            int heldBackFrames,
            int trainingFrames,
            int calls,
            int steps,
            double fineTuneSeconds,
            String stop,
            String device,
            String encoder) {}

    /** A larger tier of the version: its enhancer and what its metadata says about it. */
    record LargerTier(
            ModelTier tier, byte[] onnx, OperatingRange range, Map<String, Double> metrics, Map<String, Object> data) {
        /** A tier this run fine-tuned and that passed its guard, measured at the newest call's point. */
        static LargerTier trained(
                ModelTier tier, byte[] onnx, Measured m, KeptCall newest, double rangeLow, double rangeHigh) {
            return new LargerTier(
                    tier,
                    onnx,
                    SelfTrainedBundle.range(newest, m, rangeLow, rangeHigh),
                    SelfTrainedBundle.metrics(m),
                    Map.of("steps", m.steps(), "stop", m.stop(), "device", m.device()));
        }

        /**
         * The current version's own tier, kept as it was when this run's one did not pass its guard:
         * a receiver with a GPU then keeps the gpu tier it has, not the new version's cpu tier.
         */
        static LargerTier carried(ModelTier tier, Path current, String currentLabel) {
            ModelMetadata meta = ModelDirectory.readMetadata(current);
            Map<String, Double> metrics = new LinkedHashMap<>();
            String prefix = tier.id() + ".";
            meta.metrics().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    metrics.put(k.substring(prefix.length()), v);
                }
            });
            try {
                return new LargerTier(
                        tier,
                        Files.readAllBytes(current.resolve(tier.entryName())),
                        meta.rangeFor(tier),
                        metrics,
                        Map.of("carried_from", currentLabel));
            } catch (IOException e) {
                throw new TrainingException(
                        "cannot read the " + tier.id() + " tier of " + current + ": " + e.getMessage(), e);
            }
        }
    }

    private SelfTrainedBundle() {}

    static Path write(
            LearnerInput in,
            KeptCall newest,
            byte[] enhancer,
            Measured m,
            Optional<LargerTier> larger,
            double rangeLow,
            double rangeHigh) {
        ModelMetadata base = ModelDirectory.readMetadata(in.current());
        Path scorerFrom = Files.isRegularFile(in.current().resolve(ModelBundle.SCORER)) ? in.current() : in.generic();
        int patch = ModelDirectory.readMetadata(scorerFrom).scorerPatchSize();
        byte[] scorer;
        try {
            scorer = Files.readAllBytes(scorerFrom.resolve(ModelBundle.SCORER));
        } catch (IOException e) {
            throw new TrainingException("cannot read the scorer of " + scorerFrom + ": " + e.getMessage(), e);
        }
        int w = newest.size().width();
        int h = newest.size().height();
        String codec = newest.codec().name().toLowerCase(Locale.ROOT);
        OperatingRange range = range(newest, m, rangeLow, rangeHigh);
        Map<String, Double> metrics = metrics(m);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("self_trained", true);
        data.put("base", in.currentLabel());
        data.put("calls", m.calls());
        data.put("training_frames", m.trainingFrames());
        data.put("validation_frames", m.heldBackFrames());
        data.put("held_back", "the later part of call " + newest.id());
        data.put("encoder", m.encoder());
        data.put("device", m.device());
        data.put("stop", m.stop());
        ModelMetadata meta = new ModelMetadata(
                in.caller(),
                base.architecture(),
                base.receptiveFieldRadius(),
                patch,
                codec,
                newest.sendKbps(),
                w,
                h,
                data,
                metrics,
                Instant.now(),
                range);
        if (larger.isPresent()) {
            LargerTier t = larger.get();
            meta = meta.withTier(t.tier(), t.range(), t.metrics(), t.data());
        }
        Path staging = ModelDirectory.staging(in.out());
        boolean done = false;
        try {
            ModelDirectory.write(staging, ModelBundle.ENHANCER, enhancer);
            if (larger.isPresent()) {
                ModelDirectory.write(
                        staging, larger.get().tier().entryName(), larger.get().onnx());
            }
            ModelDirectory.write(staging, ModelBundle.SCORER, scorer);
            ModelDirectory.write(
                    staging,
                    ModelBundle.METADATA,
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
            ModelDirectory.commit(staging, in.out());
            done = true;
            return in.out();
        } catch (IOException e) {
            throw new TrainingException("cannot write the self-trained version: " + e.getMessage(), e);
        } finally {
            if (!done) {
                ModelDirectory.discard(staging);
            }
        }
    }

    private static OperatingRange range(KeptCall newest, Measured m, double rangeLow, double rangeHigh) {
        int w = newest.size().width();
        int h = newest.size().height();
        String codec = newest.codec().name().toLowerCase(Locale.ROOT);
        double bpp = OperatingRange.bitsPerPixel(m.kbps(), w, h, m.fps());
        OperatingRange.Point point = new OperatingRange.Point(
                w, h, m.kbps(), m.fps(), bpp, m.gainDb(), m.genericGainDb(), m.heldBackFrames());
        return new OperatingRange(
                codec,
                List.of(new OperatingRange.Size(w, h)),
                bpp * rangeLow,
                bpp * rangeHigh,
                List.of(point),
                OperatingRange.VALIDATED);
    }

    private static Map<String, Double> metrics(Measured m) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("gain_db", m.gainDb());
        metrics.put("generic_gain_db", m.genericGainDb());
        metrics.put("gain_over_generic_db", m.gainDb() - m.genericGainDb());
        metrics.put("previous_gain_db", m.previousGainDb());
        metrics.put("enhancer_steps", (double) m.steps());
        metrics.put("enhancer_seconds", m.fineTuneSeconds());
        metrics.put("bitrate_kbps_measured", m.kbps());
        return metrics;
    }
}
