package io.dejavu.training.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.ConvWeights;
import io.dejavu.training.model.PatchScorerNet;
import io.dejavu.training.model.ScorerWeights;
import java.time.Duration;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the patch scorer on the enhancer's measured per-patch gains (see {@link ScorerSamples}):
 * L2 on standardized targets, Adam with cosine decay, then folds the target scale into the last
 * layer so that the exported scorer outputs gains in the samples' unit.
 *
 * <pre>{@code
 * ScorerTrainer.Result r = new ScorerTrainer(32, Duration.ofSeconds(60), 2000, 7).train(samples, listener);
 * }</pre>
 */
public final class ScorerTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ScorerTrainer.class);
    private static final int BATCH = 64;

    /**
     * A trained scorer.
     *
     * @param weights weights whose output is in the target's unit
     * @param steps optimizer steps
     * @param elapsed training time
     * @param reference a batch through DJL (already in the target's unit) to check the ONNX export
     */
    public record Result(ScorerWeights weights, int steps, Duration elapsed, ReferenceOutputs reference) {}

    private final int patchSize;
    private final Duration maxTime;
    private final int maxSteps;
    private final long seed;

    public ScorerTrainer(int patchSize, Duration maxTime, int maxSteps, long seed) {
        this.patchSize = patchSize;
        this.maxTime = maxTime;
        this.maxSteps = maxSteps;
        this.seed = seed;
    }

    public Result train(ScorerSamples samples, ProgressListener listener) {
        return train(samples, java.util.Optional.empty(), listener);
    }

    /** Trains, starting from {@code init} (e.g. the base model's scorer) when given. */
    public Result train(ScorerSamples samples, java.util.Optional<ScorerWeights> init, ProgressListener listener) {
        if (samples.count() < BATCH) {
            throw new TrainingException(
                    "need at least " + BATCH + " patches to train the scorer, got " + samples.count());
        }
        if (samples.patchSize() != patchSize) {
            throw new IllegalArgumentException("samples are " + samples.patchSize() + " px, scorer " + patchSize);
        }
        DjlEngine.pytorch().setRandomSeed((int) seed);
        TrainingDevice device = DjlEngine.trainingDevice();
        double scale = samples.targetScale();
        double[] progress = {0};
        ai.djl.training.tracker.Tracker schedule =
                (int update) -> (float) (2e-3 * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress[0]))));
        DefaultTrainingConfig config = new DefaultTrainingConfig(ai.djl.training.loss.Loss.l2Loss())
                .optOptimizer(Adam.builder().optLearningRateTracker(schedule).build())
                .optDevices(new Device[] {device.device()});
        LOG.debug("scorer: training on {}", device);
        int p = patchSize;
        int pp = p * p;
        SplittableRandom random = new SplittableRandom(seed);
        try (Model model = Model.newInstance("scorer", device.device(), "PyTorch")) {
            PatchScorerNet net = new PatchScorerNet(p);
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 1, p, p));
                init.ifPresent(w -> net.loadWeights(w, scale));
                long start = System.nanoTime();
                float[] in = new float[BATCH * pp];
                float[] target = new float[BATCH];
                double smooth = Double.NaN;
                int step = 0;
                while (step < maxSteps) {
                    long now = System.nanoTime() - start;
                    if (now >= maxTime.toNanos()) {
                        break;
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        throw new TrainingException("training interrupted");
                    }
                    progress[0] = Math.max((double) step / maxSteps, (double) now / maxTime.toNanos());
                    for (int b = 0; b < BATCH; b++) {
                        int i = random.nextInt(samples.count());
                        System.arraycopy(samples.patches(), i * pp, in, b * pp, pp);
                        target[b] = (float) (samples.targets()[i] / scale);
                    }
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        NDArray x = m.create(in, new Shape(BATCH, 1, p, p));
                        NDArray y = m.create(target, new Shape(BATCH, 1));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray l = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                            gc.backward(l);
                            double loss = l.getFloat();
                            smooth = Double.isNaN(smooth) ? loss : 0.98 * smooth + 0.02 * loss;
                        }
                        trainer.step();
                    }
                    step++;
                    if (step % 20 == 0) {
                        listener.onProgress(new TrainingProgress(
                                "scorer",
                                step,
                                maxSteps,
                                Duration.ofNanos(System.nanoTime() - start),
                                maxTime,
                                smooth,
                                Double.NaN));
                    }
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                LOG.debug("scorer: {} steps in {} s, loss {}", step, elapsed.toSeconds(), smooth);
                ScorerWeights raw = net.exportWeights();
                ConvWeights lin = raw.linear();
                float[] w = lin.weight().clone();
                float[] b = lin.bias().clone();
                for (int i = 0; i < w.length; i++) {
                    w[i] *= (float) scale;
                }
                b[0] *= (float) scale;
                ScorerWeights scaled = new ScorerWeights(p, raw.convs(), new ConvWeights(1, 16, 1, 1, w, b));
                int n = Math.min(16, samples.count());
                float[] refIn = new float[n * pp];
                System.arraycopy(samples.patches(), 0, refIn, 0, n * pp);
                long[] shape = {n, 1, p, p};
                try (NDManager m = trainer.getManager().newSubManager()) {
                    float[] out = trainer.evaluate(new NDList(m.create(refIn, new Shape(shape))))
                            .singletonOrThrow()
                            .toFloatArray();
                    for (int i = 0; i < out.length; i++) {
                        out[i] *= (float) scale;
                    }
                    return new Result(scaled, step, elapsed, ReferenceOutputs.of(refIn, shape, out, device));
                }
            }
        }
    }
}
