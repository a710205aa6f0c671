package io.dejavu.learning.learn;

import io.dejavu.protocol.model.ModelTier;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TrainingException;
import io.dejavu.training.eval.Evaluator;
import io.dejavu.training.eval.OrtModel;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.EnhancerWeights;
import io.dejavu.training.model.ModelDirectory;
import io.dejavu.training.model.OnnxCheck;
import io.dejavu.training.model.OnnxGraphs;
import io.dejavu.training.train.EnhancerTrainer;
import io.dejavu.training.train.EnhancerTrainingOptions;
import io.dejavu.training.train.Loss;
import io.dejavu.training.train.ProgressListener;
import io.dejavu.training.train.TrainingDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * One tier of an idle learning run: fine-tunes the tier's enhancer from the model the user has now
 * (that bundle's file of the tier, else the generic bundle's), then measures it with {@link Guard}'s
 * rule on the held-back frames against what a receiver of this tier runs today (the current bundle's
 * file of the tier, else its cpu tier) and against the generic model's same tier.
 */
final class TierFineTune {
    /** Frames the trainer's plateau check watches are the held-back ones; it checks this often. */
    private static final int EVAL_EVERY = 100;

    private static final int PATIENCE = 4;

    /** What one tier's run produced and measured. */
    record Outcome(
            ModelTier tier,
            byte[] onnx,
            double gainDb,
            double currentGainDb,
            double genericGainDb,
            Optional<String> refusal,
            EnhancerTrainer.Result trained) {
        boolean accepted() {
            return refusal.isEmpty();
        }
    }

    private final LearnerBudget budget;
    private final ProgressListener listener;
    private final TrainingDevice device;

    TierFineTune(LearnerBudget budget, ProgressListener listener, TrainingDevice device) {
        this.budget = budget;
        this.listener = listener;
        this.device = device;
    }

    /** Whether the model the user has or the generic one carries {@code tier}, so that a run can start from it. */
    static boolean canStart(ModelTier tier, LearnerInput in) {
        return Files.isRegularFile(in.generic().resolve(tier.entryName()))
                || Files.isRegularFile(in.current().resolve(tier.entryName()));
    }

    Outcome run(ModelTier tier, LearnerInput in, PairSet train, int calls, PairSet guardSet, double kbps) {
        Path start = startingFile(tier, in);
        EnhancerWeights init = readEnhancer(start);
        EnhancerTrainingOptions options = new EnhancerTrainingOptions(
                init.architecture(),
                Loss.L1,
                budget.patchSize(),
                budget.batchOn(device),
                rate(tier),
                budget.maxSteps(),
                budget.maxTime(),
                budget.seed(),
                EVAL_EVERY,
                PATIENCE,
                Optional.of(init));
        String from = start.getParent().equals(in.current()) ? in.currentLabel() : "the generic model";
        String what = tier == ModelTier.CPU
                ? from
                : String.format(
                        Locale.ROOT,
                        "the %s tier (%dx%d) of %s",
                        tier.id(),
                        init.architecture().channels(),
                        init.architecture().blocks(),
                        from);
        listener.onMessage(String.format(
                Locale.ROOT,
                "learning: fine-tuning %s on %d pairs from %d call%s, %d patches a step, for up to %d s on %s; %d held back",
                what,
                train.frames(),
                calls,
                calls == 1 ? "" : "s",
                options.batchSize(),
                budget.maxTime().toSeconds(),
                device,
                guardSet.frames()));
        IdleLearner.yieldIfAsked("before fine-tuning the " + tier.id() + " tier");
        EnhancerTrainer.Result trained = new EnhancerTrainer(options, device).train(train, guardSet, listener);
        byte[] onnx = OnnxGraphs.enhancer(trained.weights());
        OnnxCheck.verify(tier.entryName(), onnx, trained.reference());

        IdleLearner.yieldIfAsked("before the guard");
        double gain = gain(onnx, guardSet, kbps);
        IdleLearner.yieldIfAsked("during the guard");
        Path current = runsNow(tier, in.current());
        double currentGain = gain(current, guardSet, kbps);
        Path generic = runsNow(tier, in.generic());
        double genericGain = generic.equals(current) ? currentGain : gain(generic, guardSet, kbps);
        Optional<String> refusal = Guard.refusal(gain, currentGain, genericGain);
        String others = generic.equals(current)
                ? String.format(Locale.ROOT, "%s %+.3f dB", in.currentLabel(), currentGain)
                : String.format(
                        Locale.ROOT, "%s %+.3f dB, generic %+.3f dB", in.currentLabel(), currentGain, genericGain);
        listener.onMessage(String.format(
                Locale.ROOT,
                "learning: %sheld-back %d frames: new %+.3f dB, %s: %s",
                tier == ModelTier.CPU ? "" : tier.id() + " tier, ",
                guardSet.frames(),
                gain,
                others,
                refusal.map(r -> "refused (" + r + ")").orElse("accepted")));
        return new Outcome(tier, onnx, gain, currentGain, genericGain, refusal, trained);
    }

    /**
     * The cpu tier's rate is the budget's; a larger tier takes half of it, `train`'s own rate: at the
     * budget's 1e-3 the 32x8 tier fell from +0.97 / +1.27 dB to +0.30 / +0.12 dB on the held-back
     * frames in two of three runs on the H100 (2026-12-07).
     */
    private float rate(ModelTier tier) {
        return tier == ModelTier.CPU ? budget.learningRate() : budget.learningRate() / 2;
    }

    /** The file a run of {@code tier} starts from: the user's model's, else the generic model's. */
    private static Path startingFile(ModelTier tier, LearnerInput in) {
        Path own = in.current().resolve(tier.entryName());
        if (Files.isRegularFile(own)) {
            return own;
        }
        Path generic = in.generic().resolve(tier.entryName());
        if (Files.isRegularFile(generic)) {
            return generic;
        }
        throw new TrainingException("neither " + in.current() + " nor the generic model " + in.generic() + " has a "
                + tier.id() + " tier to start from");
    }

    /** What a receiver that runs {@code tier} runs from {@code bundle}: its file of the tier, else its cpu tier. */
    private static Path runsNow(ModelTier tier, Path bundle) {
        Path own = bundle.resolve(tier.entryName());
        return Files.isRegularFile(own) ? own : bundle.resolve(ModelBundle.ENHANCER);
    }

    private double gain(byte[] onnx, PairSet set, double kbps) {
        try (OrtModel m = OrtModel.fromBytes(onnx, budget.guardThreadsOn(device))) {
            return fullFrameGain(m, set, kbps);
        }
    }

    private double gain(Path enhancer, PairSet set, double kbps) {
        try (OrtModel m = OrtModel.load(enhancer, budget.guardThreadsOn(device))) {
            return fullFrameGain(m, set, kbps);
        }
    }

    /** Whole frames, as a receiver enhances at k = 1: no patch grid, so the model's halo plays no part. */
    private static double fullFrameGain(OrtModel m, PairSet set, double kbps) {
        return new Evaluator(m, Optional.empty(), 32, 0)
                .evaluate(set, 1.0, kbps)
                .gainDb();
    }

    private static EnhancerWeights readEnhancer(Path file) {
        ModelDirectory.requireComplete(file.getParent());
        try {
            return OnnxGraphs.readEnhancer(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new TrainingException("cannot read the enhancer " + file + ": " + e.getMessage(), e);
        }
    }
}
