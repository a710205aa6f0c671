package io.dejavu.training.train;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.Architecture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Steps per second of the enhancer's real training loop ({@link EnhancerTrainer}: patch sampling,
 * forward, L1 loss, backward, clipping, Adam, checkpoints) on synthetic pairs, per architecture and
 * batch size, after a warm-up. The cost of a step does not depend on what the pixels show.
 *
 * <pre>{@code
 * List<TrainingBench.Row> rows = new TrainingBench(DjlEngine.trainingDevice(), 48, 50, 300, Duration.ofMinutes(2))
 *         .run(List.of(Architecture.DEFAULT), List.of(16));
 * }</pre>
 */
public final class TrainingBench {
    /** The trainer records a curve point every this many steps; warm-up and steps are multiples. */
    static final int POINT_EVERY = 25;

    /**
     * One measurement.
     *
     * @param architecture the network
     * @param parameters its trainable weights and biases
     * @param device where it trained
     * @param batch patches per step
     * @param patch patch side in pixels
     * @param steps steps timed (after the warm-up)
     * @param seconds their wall-clock time
     */
    public record Row(
            Architecture architecture,
            long parameters,
            TrainingDevice device,
            int batch,
            int patch,
            int steps,
            double seconds) {
        public double stepsPerSecond() {
            return steps / seconds;
        }

        public double patchesPerSecond() {
            return stepsPerSecond() * batch;
        }
    }

    private final TrainingDevice device;
    private final int patch;
    private final int warmup;
    private final int steps;
    private final Duration limit;

    /**
     * @param warmup steps before timing starts (rounded up to a multiple of 25)
     * @param steps steps timed (rounded up to a multiple of 25)
     * @param limit most time per configuration; fewer steps are timed when it runs out
     */
    public TrainingBench(TrainingDevice device, int patch, int warmup, int steps, Duration limit) {
        if (warmup < 1 || steps < 1) {
            throw new TrainingException("warm-up and steps must be positive, got " + warmup + ", " + steps);
        }
        this.device = device;
        this.patch = patch;
        this.warmup = roundUp(warmup);
        this.steps = roundUp(steps);
        this.limit = limit;
    }

    /** Measures every architecture at every batch size, in that order. */
    public List<Row> run(List<Architecture> architectures, List<Integer> batches) {
        PairSet pairs = syntheticPairs(new FrameSize(256, 256), 24, 7);
        List<Row> rows = new ArrayList<>();
        for (Architecture a : architectures) {
            for (int batch : batches) {
                rows.add(measure(a, batch, pairs));
            }
        }
        return rows;
    }

    private Row measure(Architecture architecture, int batch, PairSet pairs) {
        int total = warmup + steps;
        EnhancerTrainingOptions options = new EnhancerTrainingOptions(
                architecture,
                Loss.L1,
                patch,
                batch,
                1e-3f,
                total,
                limit,
                1,
                total + 1, // no validation inside the timed loop
                1,
                Optional.empty());
        EnhancerTrainer.Result r =
                new EnhancerTrainer(options, device).train(pairs, pairs.spread(2), ProgressListener.NONE);
        CurvePoint from = null;
        CurvePoint to = null;
        for (CurvePoint c : r.curve()) {
            if (!Double.isNaN(c.validationGainDb())) {
                continue; // validation points carry the validation's time too
            }
            if (c.step() == warmup) {
                from = c;
            } else if (c.step() > warmup && (to == null || c.step() > to.step())) {
                to = c;
            }
        }
        if (from == null || to == null) {
            throw new TrainingException("the time limit of " + limit.toSeconds() + " s ended the run of "
                    + architecture.label() + " at batch " + batch + " after " + r.steps()
                    + " steps, before " + (warmup + POINT_EVERY) + "; give it more time or fewer warm-up steps");
        }
        return new Row(
                architecture,
                parameters(architecture),
                device,
                batch,
                patch,
                to.step() - from.step(),
                to.seconds() - from.seconds());
    }

    /** Weights and biases of EDSR-Y: head 1->C, two CxC convolutions per block, tail C->1, all 3x3. */
    public static long parameters(Architecture a) {
        return io.dejavu.training.model.EnhancerWeights.parameters(a, 1);
    }

    /** Smooth gradients and texture as originals; blurred, blocky and noisy copies as decoded. */
    static PairSet syntheticPairs(FrameSize size, int frames, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int w = size.width();
        int h = size.height();
        List<byte[]> original = new ArrayList<>();
        List<byte[]> decoded = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            byte[] o = new byte[w * h];
            byte[] d = new byte[w * h];
            double fx = 0.02 + random.nextDouble() * 0.1;
            double fy = 0.02 + random.nextDouble() * 0.1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 128 + 60 * Math.sin(fx * x + f) * Math.cos(fy * y) + random.nextInt(-12, 13);
                    o[y * w + x] = (byte) Math.max(0, Math.min(255, (int) v));
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int bx = x & ~7;
                    int by = y & ~7;
                    int block = ((o[by * w + bx] & 0xFF) + (o[y * w + x] & 0xFF)) / 2;
                    d[y * w + x] = (byte) Math.max(0, Math.min(255, block + random.nextInt(-3, 4)));
                }
            }
            original.add(o);
            decoded.add(d);
        }
        return new PairSet(size, original, decoded);
    }

    private static int roundUp(int n) {
        return (n + POINT_EVERY - 1) / POINT_EVERY * POINT_EVERY;
    }
}
