package io.dejavu.training.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.EdsrY;
import io.dejavu.training.model.EnhancerWeights;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the EDSR-Y enhancer with DJL on random patches of (decoded, original) pairs: Adam, L1 or
 * L2, cosine learning-rate decay over the step or time budget (whichever runs out first), early
 * stop when the validation gain stops improving, hard stop at the time limit.
 *
 * <pre>{@code
 * EnhancerTrainer.Result r = new EnhancerTrainer(options).train(trainPairs, validationPairs, listener);
 * byte[] onnx = OnnxGraphs.enhancer(r.weights());
 * }</pre>
 */
public final class EnhancerTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(EnhancerTrainer.class);
    private static final int VALIDATION_FRAMES = 12;
    private static final double MIN_IMPROVEMENT_DB = 0.005;

    /**
     * What training produced.
     *
     * @param weights final weights
     * @param curve loss and validation gain over time
     * @param steps optimizer steps done
     * @param elapsed wall-clock training time
     * @param stopReason why training stopped (steps, time, plateau)
     * @param firstLoss mean training loss of the first 10 steps
     * @param lastLoss mean training loss of the last 10 steps
     * @param reference validation patches through DJL, to check the ONNX export
     * @param retried batches run a second time because the first gave a non-finite gradient
     * @param skipped batches left out because their loss or gradient stayed non-finite
     */
    public record Result(
            EnhancerWeights weights,
            List<CurvePoint> curve,
            int steps,
            Duration elapsed,
            String stopReason,
            double firstLoss,
            double lastLoss,
            ReferenceOutputs reference,
            int retried,
            int skipped) {}

    private final EnhancerTrainingOptions options;

    /** Steps between in-memory copies of the weights to go back to. */
    static final int CHECKPOINT_EVERY = 50;

    private static boolean allFinite(EnhancerWeights w) {
        for (var conv : w.convs()) {
            for (float v : conv.weight()) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            for (float v : conv.bias()) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Gradients whose global L2 norm exceeds this are scaled down to it. */
    static final double CLIP_NORM = 5.0;

    /** Scales the gradients to {@link #CLIP_NORM} when their global norm exceeds it; returns the norm. */
    private static double clipGradients(Model model, NDManager batch) {
        List<NDArray> grads = new ArrayList<>();
        // The squared sums stay on the device and are read once: on a GPU every read waits for
        // the device to finish, so one read per parameter would stall each step many times.
        NDArray total = null;
        for (var pair : model.getBlock().getParameters()) {
            NDArray g = pair.getValue().getArray().getGradient();
            g.attach(batch); // a new handle per call: closed with the step, the gradient itself stays
            grads.add(g);
            NDArray square = g.square();
            square.attach(batch); // not the gradient's manager: that one lives for the whole run
            NDArray part = square.sum();
            total = total == null ? part : total.add(part);
        }
        double norm = total == null ? 0 : Math.sqrt(total.getFloat());
        if (Double.isFinite(norm) && norm > CLIP_NORM) {
            float scale = (float) (CLIP_NORM / norm);
            for (NDArray g : grads) {
                g.muli(scale);
            }
        }
        return norm;
    }

    private static void zeroGradients(Model model) {
        for (var pair : model.getBlock().getParameters()) {
            try (NDArray g = pair.getValue().getArray().getGradient()) { // a new handle per call
                g.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
            }
        }
    }

    /** Batches in a row with a non-finite loss or gradient before a run fails. */
    static final int MAX_BAD_IN_A_ROW = 8;

    /** Sees each batch's loss before it is used; tests inject non-finite losses through it. */
    interface LossHook {
        double applyAsDouble(int step, double loss);

        /** Sees the global gradient norm of attempt {@code attempt} (0 or 1) of a batch; tests inject NaN here. */
        default double gradientNorm(int step, int attempt, double norm) {
            return norm;
        }
    }

    /** What one pass over a batch gave: its loss, and whether the gradient was finite (then it was applied). */
    /** The best validation gain seen so far, the step and the weights (host copies) that gave it. */
    private record Kept(EnhancerWeights weights, double gainDb, int step) {
        Kept offer(double gain, int atStep, EdsrY net) {
            return gain > gainDb ? new Kept(net.exportWeights(), gain, atStep) : this;
        }
    }

    private record Attempt(double loss, boolean gradientFinite) {
        boolean applied() {
            return Double.isFinite(loss) && gradientFinite;
        }

        /** The loss to report: the loss when applied, else what made it fail (NaN for a gradient). */
        double outcome() {
            return applied() ? loss : Double.isFinite(loss) ? Double.NaN : loss;
        }
    }

    /**
     * One forward and backward pass of the batch in {@code in}/{@code out}, and an optimizer step
     * when loss and gradient are both finite; nothing is applied otherwise.
     */
    private Attempt attempt(Trainer trainer, Model model, float[] in, float[] out, int step, int attempt) {
        int p = options.patchSize();
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray x = batch.create(in, new Shape(options.batchSize(), options.inputs(), p, p));
            NDArray y = batch.create(out, new Shape(options.batchSize(), 1, p, p));
            double loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(x));
                NDArray l = trainer.getLoss().evaluate(new NDList(y), pred);
                loss = lossHook.applyAsDouble(step, l.getFloat());
                if (!Double.isFinite(loss)) {
                    return new Attempt(loss, false);
                }
                gc.backward(l);
                // A finite loss can still give a non-finite gradient, which Adam would write into
                // every weight: check it, and clip spikes.
                double norm = lossHook.gradientNorm(step, attempt, clipGradients(model, batch));
                if (!Double.isFinite(norm)) {
                    zeroGradients(model);
                    return new Attempt(loss, false);
                }
            }
            trainer.step();
            return new Attempt(loss, true);
        }
    }

    private final LossHook lossHook;
    private final TrainingDevice device;
    private final Checkpointing checkpointing;
    private final List<Watch> watches;

    /**
     * A labelled share of the validation pairs whose gain the curve records on its own (each
     * operating point of a job over several).
     */
    public record Watch(String label, PairSet pairs) {}

    /**
     * Checkpoints of a run: saved to {@code dir} every {@code every} of training time, and
     * {@code from} to start at (a resumed run).
     */
    public record Checkpointing(String job, Path dir, Duration every, Optional<Checkpoint> from) {
        static final Checkpointing NONE = new Checkpointing("", Path.of("."), Duration.ZERO, Optional.empty());

        boolean saves() {
            return !every.isZero();
        }
    }

    /** Trains on the device {@link DjlEngine#trainingDevice()} chose. */
    public EnhancerTrainer(EnhancerTrainingOptions options) {
        this(options, DjlEngine.trainingDevice());
    }

    /** Trains on {@code device} (the benchmark compares devices in one process). */
    public EnhancerTrainer(EnhancerTrainingOptions options, TrainingDevice device) {
        this(options, (step, loss) -> loss, device);
    }

    EnhancerTrainer(EnhancerTrainingOptions options, LossHook lossHook) {
        this(options, lossHook, DjlEngine.trainingDevice());
    }

    private EnhancerTrainer(EnhancerTrainingOptions options, LossHook lossHook, TrainingDevice device) {
        this(options, lossHook, device, Checkpointing.NONE, List.of());
    }

    private EnhancerTrainer(
            EnhancerTrainingOptions options,
            LossHook lossHook,
            TrainingDevice device,
            Checkpointing checkpointing,
            List<Watch> watches) {
        this.options = options;
        this.lossHook = lossHook;
        this.device = device;
        this.checkpointing = checkpointing;
        this.watches = List.copyOf(watches);
    }

    /**
     * This trainer, also recording in its curve the validation gain of each of {@code watches} at
     * every validation check (the report draws one line each). The stopping rule stays on the
     * whole validation set.
     */
    public EnhancerTrainer watching(List<Watch> watches) {
        return new EnhancerTrainer(options, lossHook, device, checkpointing, watches);
    }

    /** This trainer, saving checkpoints and resuming as {@code c} says. */
    public EnhancerTrainer with(Checkpointing c) {
        c.from().ifPresent(cp -> {
            if (!cp.job().equals(c.job())) {
                throw new TrainingException("the checkpoint in " + c.dir() + " is for another job (" + cp.job()
                        + "), not " + c.job() + "; remove it or train without --resume");
            }
            if (!cp.weights().architecture().equals(options.architecture())) {
                throw new TrainingException("the checkpoint in " + c.dir() + " holds a "
                        + cp.weights().architecture().label() + " model, not "
                        + options.architecture().label());
            }
        });
        return new EnhancerTrainer(options, lossHook, device, c, watches);
    }

    /** Trains on {@code train}, watching {@code validation}; reports progress to {@code listener}. */
    public Result train(PairSet train, PairSet validation, ProgressListener listener) {
        FrameSize size = train.size();
        int p = options.patchSize();
        if (size.width() < p || size.height() < p) {
            throw new TrainingException("frames of " + size + " are smaller than the " + p + "-pixel training patch");
        }
        if (train.frames() == 0 || validation.frames() == 0) {
            throw new TrainingException(
                    "need training and validation frames, got " + train.frames() + " and " + validation.frames());
        }
        if (options.inputs() > 1 && !(train.hasPrevious() && validation.hasPrevious())) {
            throw new TrainingException("a temporal model needs pairs that carry the previous decoded frame"
                    + " (PairSet.withPrevious, per clip)");
        }
        Engine engine = DjlEngine.pytorch();
        engine.setRandomSeed((int) options.seed());
        PairSet watch = validation.spread(VALIDATION_FRAMES);
        double[] progress = {0};
        float[] base = {options.learningRate()};
        // Cosine decay driven by whichever budget (steps or time) is further along.
        ai.djl.training.tracker.Tracker schedule = (int update) -> {
            double f = Math.min(1.0, progress[0]);
            double warm = Math.min(1.0, (update + 1) / 50.0);
            return (float) (base[0] * warm * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * f))));
        };
        DefaultTrainingConfig config = new DefaultTrainingConfig(
                        options.loss() == Loss.L1
                                ? ai.djl.training.loss.Loss.l1Loss()
                                : ai.djl.training.loss.Loss.l2Loss())
                .optOptimizer(Adam.builder().optLearningRateTracker(schedule).build())
                .optDevices(new Device[] {device.device()});
        LOG.debug("enhancer: training on {}", device); // the caller says so to the user
        SplittableRandom random = new SplittableRandom(options.seed());
        if (checkpointing.saves()) {
            listener.onMessage(
                    "checkpoints every " + checkpointing.every().toSeconds() + " s to " + checkpointing.dir());
        }
        List<CurvePoint> curve = new ArrayList<>();
        try (Model model = Model.newInstance("edsr-y", device.device(), "PyTorch")) {
            EdsrY net =
                    new EdsrY(options.architecture(), options.inputs(), device.isGpu() ? 1 : EdsrY.CPU_OUTPUT_MULTIPLE);
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(options.batchSize(), options.inputs(), p, p));
                options.init().ifPresentOrElse(net::loadWeights, net::startNearIdentity);
                Optional<Checkpoint> from = checkpointing.from();
                from.ifPresent(cp -> net.loadWeights(cp.weights()));
                long start = System.nanoTime()
                        - from.map(cp -> Math.round(cp.seconds() * 1e9)).orElse(0L);
                long budgetNanos = options.maxTime().toNanos();
                double smooth = from.map(Checkpoint::smoothLoss).orElse(Double.NaN);
                double firstLoss = Double.NaN;
                double best = from.map(Checkpoint::bestGainDb)
                        .filter(Double::isFinite)
                        .orElse(Double.NEGATIVE_INFINITY);
                int stale = from.map(Checkpoint::stale).orElse(0);
                int step = from.map(Checkpoint::step).orElse(0);
                from.ifPresent(cp -> base[0] = cp.learningRate());
                if (from.isPresent()) {
                    // Patches after a resume come from a stream of their own, not the one cut short.
                    random = new SplittableRandom(options.seed() ^ (0x9E3779B97F4A7C15L * step));
                    curve.addAll(from.get().curve());
                    listener.onMessage(String.format(
                            java.util.Locale.ROOT,
                            "resuming at step %d (%.0f s trained) from %s",
                            step,
                            from.get().seconds(),
                            checkpointing.dir()));
                }
                String stop = "step limit " + options.maxSteps();
                double lastGain = validationGain(trainer, watch, options.inputs());
                List<Watch> watched = watches.stream()
                        .map(w -> new Watch(w.label(), w.pairs().spread(VALIDATION_FRAMES)))
                        .toList();
                if (from.isEmpty()) {
                    curve.add(new CurvePoint(0, 0, Double.NaN, lastGain, byPoint(trainer, watched, options.inputs())));
                }
                listener.onProgress(progress(step, (System.nanoTime() - start) / 1e9, smooth, lastGain));
                double[] recent = new double[10];
                float[] in = new float[options.batchSize() * options.inputs() * p * p];
                float[] out = new float[options.batchSize() * p * p];
                int skipped = from.map(Checkpoint::skipped).orElse(0);
                int retried = from.map(Checkpoint::retried).orElse(0);
                int inARow = 0;
                long lastSave = System.nanoTime();
                EnhancerWeights good = net.exportWeights();
                // The weights of the best validation gain seen, the starting ones included: a run that
                // overfits or is knocked off course returns what it had at its best, never less than
                // it started from (a fresh run's start; a resumed run's best is from its checkpoint on).
                Kept kept = new Kept(
                        from.isEmpty() ? good : null, from.isEmpty() ? lastGain : Double.NEGATIVE_INFINITY, step);
                while (step < options.maxSteps()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new TrainingException("training interrupted");
                    }
                    long now = System.nanoTime() - start;
                    if (now >= budgetNanos) {
                        stop = "time limit " + options.maxTime().toSeconds() + " s";
                        break;
                    }
                    progress[0] = Math.max((double) step / options.maxSteps(), (double) now / budgetNanos);
                    samplePatches(train, random, in, out);
                    Attempt first = attempt(trainer, model, in, out, step, 0);
                    double loss = first.outcome();
                    if (Double.isFinite(first.loss()) && !first.gradientFinite()) {
                        // A finite loss with a non-finite gradient. Its known cause, stale memory
                        // read by oneDNN's CPU convolution backward, is fixed in EdsrY (ADR 0507);
                        // any other transient one comes out finite when run again. Run it once more.
                        retried++;
                        loss = attempt(trainer, model, in, out, step, 1).outcome();
                        LOG.debug("enhancer: non-finite gradient at step {}; the retry gave loss {}", step + 1, loss);
                    }
                    if (!Double.isFinite(loss)) {
                        // A non-finite loss or gradient is never applied: the weights and Adam's moments
                        // stay as they were after the last good step, so the batch is just skipped.
                        // An isolated one may come and go; only a run of them says the state or the
                        // rate is bad: then go back to the last weights known to be finite and
                        // halve the rate, and give up on a long run.
                        skipped++;
                        if (++inARow >= 2) {
                            net.loadWeights(good);
                            base[0] /= 2;
                        }
                        LOG.warn(
                                "enhancer: loss {} at step {}; skipped that batch ({} in a row{})",
                                loss,
                                step + 1,
                                inARow,
                                inARow >= 2 ? "; back to the last good checkpoint, learning rate now " + base[0] : "");
                        if (inARow >= MAX_BAD_IN_A_ROW) {
                            throw new TrainingException("training diverged: " + inARow + " batches in a row gave a"
                                    + " non-finite loss or gradient (last at step " + (step + 1) + "); each was"
                                    + " skipped without touching the weights, the weights went back to the last"
                                    + " good checkpoint and the learning rate was halved after each one from the"
                                    + " second on, down to " + base[0]);
                        }
                        continue;
                    }
                    step++;
                    inARow = 0;
                    if (step % CHECKPOINT_EVERY == 0) {
                        EnhancerWeights latest = net.exportWeights();
                        if (allFinite(latest)) {
                            good = latest;
                            if (checkpointing.saves()
                                    && System.nanoTime() - lastSave
                                            >= checkpointing.every().toNanos()) {
                                new Checkpoint(
                                                checkpointing.job(),
                                                good,
                                                step,
                                                (System.nanoTime() - start) / 1e9,
                                                base[0],
                                                best,
                                                stale,
                                                smooth,
                                                retried,
                                                skipped,
                                                curve)
                                        .save(checkpointing.dir());
                                lastSave = System.nanoTime();
                            }
                        }
                    }
                    smooth = Double.isNaN(smooth) ? loss : 0.98 * smooth + 0.02 * loss;
                    recent[(step - 1) % recent.length] = loss;
                    if (step == recent.length) {
                        firstLoss = mean(recent, step);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (step % options.evalEvery() == 0) {
                        lastGain = validationGain(trainer, watch, options.inputs());
                        curve.add(new CurvePoint(
                                step, seconds, smooth, lastGain, byPoint(trainer, watched, options.inputs())));
                        kept = kept.offer(lastGain, step, net);
                        if (lastGain > best + MIN_IMPROVEMENT_DB) {
                            best = lastGain;
                            stale = 0;
                        } else if (++stale >= options.patience()) {
                            stop = "plateau (no validation gain for " + stale * options.evalEvery() + " steps)";
                            listener.onProgress(progress(step, seconds, smooth, lastGain));
                            break;
                        }
                    } else if (step % 25 == 0) {
                        curve.add(new CurvePoint(step, seconds, smooth, Double.NaN));
                    }
                    if (step % 10 == 0) {
                        listener.onProgress(progress(step, seconds, smooth, lastGain));
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (step % options.evalEvery() != 0) {
                    lastGain = validationGain(trainer, watch, options.inputs());
                    curve.add(new CurvePoint(
                            step, seconds, smooth, lastGain, byPoint(trainer, watched, options.inputs())));
                }
                if (kept.weights() != null && kept.gainDb() > lastGain + MIN_IMPROVEMENT_DB) {
                    net.loadWeights(kept.weights());
                    listener.onMessage(String.format(
                            java.util.Locale.ROOT,
                            "kept the weights of step %d: validation gain %+.3f dB there, %+.3f dB at the last step %d",
                            kept.step(),
                            kept.gainDb(),
                            lastGain,
                            step));
                    lastGain = kept.gainDb();
                }
                listener.onProgress(progress(step, seconds, smooth, lastGain));
                LOG.debug(
                        "enhancer: {} steps in {} s, stopped by {}, loss {} -> {}, validation gain {} dB,"
                                + " {} non-finite batches skipped",
                        step,
                        Math.round(seconds),
                        stop,
                        firstLoss,
                        smooth,
                        lastGain,
                        retried,
                        skipped);
                ReferenceOutputs reference = reference(trainer, validation, device, options.inputs());
                return new Result(
                        net.exportWeights(),
                        curve,
                        step,
                        Duration.ofMillis(Math.round(seconds * 1000)),
                        stop,
                        Double.isNaN(firstLoss) ? mean(recent, step) : firstLoss,
                        mean(recent, step),
                        reference,
                        retried,
                        skipped);
            }
        }
    }

    /**
     * The weights a single-frame network of {@code architecture} starts from when trained from
     * scratch with {@code seed} (random body, tail zero: the identity), so that two runs can start
     * from the very same network (the temporal experiment widens them with
     * {@link EnhancerWeights#withPreviousFrameInput()}).
     */
    public static EnhancerWeights initialWeights(
            io.dejavu.training.model.Architecture architecture, long seed, TrainingDevice device) {
        DjlEngine.pytorch().setRandomSeed((int) seed);
        try (Model model = Model.newInstance("edsr-y", device.device(), "PyTorch")) {
            EdsrY net = new EdsrY(architecture);
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(ai.djl.training.loss.Loss.l1Loss())
                    .optDevices(new Device[] {device.device()}))) {
                trainer.initialize(new Shape(1, 1, 16, 16));
                net.startNearIdentity();
                return net.exportWeights();
            }
        }
    }

    private TrainingProgress progress(int step, double seconds, double loss, double gain) {
        return new TrainingProgress(
                "enhancer",
                step,
                options.maxSteps(),
                Duration.ofMillis(Math.round(seconds * 1000)),
                options.maxTime(),
                loss,
                gain);
    }

    /**
     * Fills {@code in} (decoded) and {@code out} (original) with one batch of random patches, at the
     * same place of the same frame, mirrored alike; package-private for its test. A temporal
     * network's patches have the previous decoded frame's patch at the same place as their second
     * channel ({@code in} holds {@code [batch, 2, p, p]}).
     */
    void samplePatches(PairSet set, SplittableRandom random, float[] in, float[] out) {
        int p = options.patchSize();
        int w = set.size().width();
        int h = set.size().height();
        for (int b = 0; b < options.batchSize(); b++) {
            int f = random.nextInt(set.frames());
            byte[] dec = set.decoded().get(f);
            byte[] prev = set.previousOf(f);
            byte[] org = set.original().get(f);
            int x0 = random.nextInt(w - p + 1);
            int y0 = random.nextInt(h - p + 1);
            // Half the batch: the worst-decoded of a few candidates. Flat background teaches the
            // network little; edges and texture are where the codec loses and the model gains.
            if (b % 2 == 1) {
                long worst = sse(org, dec, w, x0, y0, p);
                for (int c = 0; c < 3; c++) {
                    int cx = random.nextInt(w - p + 1);
                    int cy = random.nextInt(h - p + 1);
                    long e = sse(org, dec, w, cx, cy, p);
                    if (e > worst) {
                        worst = e;
                        x0 = cx;
                        y0 = cy;
                    }
                }
            }
            boolean flip = random.nextBoolean();
            int o = b * p * p;
            int i = b * options.inputs() * p * p;
            for (int y = 0; y < p; y++) {
                int row = (y0 + y) * w + x0;
                for (int x = 0; x < p; x++) {
                    int sx = flip ? p - 1 - x : x;
                    in[i + y * p + x] = (dec[row + sx] & 0xFF) / 255f;
                    if (options.inputs() > 1) {
                        in[i + p * p + y * p + x] = (prev[row + sx] & 0xFF) / 255f;
                    }
                    out[o + y * p + x] = (org[row + sx] & 0xFF) / 255f;
                }
            }
        }
    }

    private static double mean(double[] values, int filled) {
        int n = Math.min(filled, values.length);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += values[i];
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static long sse(byte[] a, byte[] b, int w, int x0, int y0, int p) {
        long s = 0;
        for (int y = y0; y < y0 + p; y += 2) {
            int row = y * w;
            for (int x = x0; x < x0 + p; x += 2) {
                int d = (a[row + x] & 0xFF) - (b[row + x] & 0xFF);
                s += (long) d * d;
            }
        }
        return s;
    }

    /** The validation gain of each watched share, by label. */
    private static java.util.Map<String, Double> byPoint(Trainer trainer, List<Watch> watched, int inputs) {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (Watch w : watched) {
            out.put(w.label(), validationGain(trainer, w.pairs(), inputs));
        }
        return out;
    }

    /** Mean per-frame PSNR-Y gain of the current single-frame network over {@code set}, full frames. */
    static double validationGain(Trainer trainer, PairSet set) {
        return validationGain(trainer, set, 1);
    }

    /** Mean per-frame PSNR-Y gain of the current network of {@code inputs} input frames over {@code set}. */
    static double validationGain(Trainer trainer, PairSet set, int inputs) {
        int w = set.size().width();
        int h = set.size().height();
        double sum = 0;
        for (int i = 0; i < set.frames(); i++) {
            byte[] enhanced = enhance(
                    trainer,
                    inputs > 1
                            ? new byte[][] {set.decoded().get(i), set.previousOf(i)}
                            : new byte[][] {set.decoded().get(i)},
                    w,
                    h);
            sum += Quality.psnr(set.original().get(i), enhanced)
                    - Quality.psnr(set.original().get(i), set.decoded().get(i));
        }
        return sum / set.frames();
    }

    /** One full frame through the network; {@code planes} are its input channels (current first). */
    private static byte[] enhance(Trainer trainer, byte[][] planes, int w, int h) {
        int n = w * h;
        float[] in = new float[planes.length * n];
        for (int c = 0; c < planes.length; c++) {
            for (int i = 0; i < n; i++) {
                in[c * n + i] = (planes[c][i] & 0xFF) / 255f;
            }
        }
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.create(in, new Shape(1, planes.length, h, w));
            float[] out = trainer.evaluate(new NDList(x)).singletonOrThrow().toFloatArray();
            byte[] result = new byte[n];
            for (int i = 0; i < out.length; i++) {
                result[i] = (byte) Math.max(0, Math.min(255, Math.round(out[i] * 255f)));
            }
            return result;
        }
    }

    private static ReferenceOutputs reference(Trainer trainer, PairSet validation, TrainingDevice device, int inputs) {
        int n = Math.min(4, validation.frames());
        int side = Math.min(
                64, Math.min(validation.size().width(), validation.size().height()));
        PairSet some = validation.spread(n);
        float[] in = new float[n * inputs * side * side];
        int w = validation.size().width();
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < inputs; ch++) {
                byte[] y = ch == 0 ? some.decoded().get(i) : some.previousOf(i);
                int x0 = (w - side) / 2;
                int y0 = (validation.size().height() - side) / 2;
                int o = (i * inputs + ch) * side * side;
                for (int r = 0; r < side; r++) {
                    for (int c = 0; c < side; c++) {
                        in[o + r * side + c] = (y[(y0 + r) * w + x0 + c] & 0xFF) / 255f;
                    }
                }
            }
        }
        long[] shape = {n, inputs, side, side};
        try (NDManager m = trainer.getManager().newSubManager()) {
            float[] out = trainer.evaluate(new NDList(m.create(in, new Shape(shape))))
                    .singletonOrThrow()
                    .toFloatArray();
            return ReferenceOutputs.of(in, shape, out, device);
        }
    }
}
