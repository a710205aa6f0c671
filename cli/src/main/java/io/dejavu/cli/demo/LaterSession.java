package io.dejavu.cli.demo;

import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.eval.Evaluator;
import io.dejavu.training.eval.OrtModel;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code demo learn}'s yardstick: the person's later recording as pairs recorded once through a
 * real loopback call at the calls' cap, so that every version and the generic model are measured
 * on the same frames (full frame), and each model only once.
 */
final class LaterSession {
    private final PairSet pairs;
    private final double kbps;
    private final int threads;
    private final double genericGainDb;
    private final Path generic;
    private final Map<Path, Double> gains = new HashMap<>();

    private LaterSession(PairSet pairs, double kbps, int threads, Path generic) {
        this.pairs = pairs;
        this.kbps = kbps;
        this.threads = threads;
        this.generic = generic;
        this.genericGainDb = measure(generic.resolve(ModelBundle.ENHANCER));
    }

    static LaterSession record(
            Path later,
            FrameSize size,
            int kbps,
            DemoLearn.Settings s,
            PairMaker maker,
            Path generic,
            PrintWriter err) {
        err.printf(
                Locale.ROOT,
                "learn: recording the later session's pairs once (%d frames of %s through a loopback call)%n",
                s.evalFrames(),
                later.getFileName());
        err.flush();
        Footage footage = FootageReader.read(later, Optional.of(size), s.evalFrames());
        PairMaker.Pairs made = maker.make(footage, Codec.parse(s.codec().name()), kbps);
        LaterSession session = new LaterSession(made.pairs(), made.kbps(), s.threads(), generic);
        err.printf(
                Locale.ROOT,
                "learn: generic model on the later session: %+.3f dB over %d frames (%.1f kbps received)%n",
                session.genericGainDb,
                made.pairs().frames(),
                made.kbps());
        err.flush();
        return session;
    }

    int frames() {
        return pairs.frames();
    }

    double genericGainDb() {
        return genericGainDb;
    }

    /** The cpu tier of the bundle {@code model}. */
    double gainDb(Path model) {
        return gains.computeIfAbsent(model.resolve(ModelBundle.ENHANCER), this::measure);
    }

    /** The gpu tier of the bundle {@code model}, when it carries one (measured on this CPU: slower, the same numbers). */
    OptionalDouble gpuGainDb(Path model) {
        Path file = model.resolve(ModelTier.GPU.entryName());
        return Files.isRegularFile(file)
                ? OptionalDouble.of(gains.computeIfAbsent(file, this::measure))
                : OptionalDouble.empty();
    }

    /** The generic model's gpu tier, when it has one. */
    OptionalDouble genericGpuGainDb() {
        return gpuGainDb(generic);
    }

    /** Whole frames: no patch grid, so the model's halo plays no part. */
    private double measure(Path enhancer) {
        try (OrtModel m = OrtModel.load(enhancer, threads)) {
            return new Evaluator(m, Optional.empty(), 32, 0)
                    .evaluate(pairs, 1.0, kbps)
                    .gainDb();
        }
    }
}
