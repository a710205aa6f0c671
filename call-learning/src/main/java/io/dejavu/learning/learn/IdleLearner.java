package io.dejavu.learning.learn;

import io.dejavu.learning.SelfTrainedVersion;
import io.dejavu.learning.footage.KeptCall;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TrainingException;
import io.dejavu.training.eval.Evaluator;
import io.dejavu.training.eval.OrtModel;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.EnhancerWeights;
import io.dejavu.training.model.ModelDirectory;
import io.dejavu.training.model.OnnxCheck;
import io.dejavu.training.model.OnnxGraphs;
import io.dejavu.training.train.DjlEngine;
import io.dejavu.training.train.EnhancerTrainer;
import io.dejavu.training.train.EnhancerTrainingOptions;
import io.dejavu.training.train.Loss;
import io.dejavu.training.train.ProgressListener;
import io.dejavu.training.train.TrainingDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Learns from kept calls while no call is in progress (issue 17 point 2, ADR 0701): makes each kept
 * call's training pairs at that call's own size, codec and measured send bitrate (through a real
 * loopback call with {@link io.dejavu.learning.pairs.CallPathPairs}, as the callee decodes), holds
 * back the later part of the newest call, fine-tunes the current model on the rest within the
 * budget, and keeps the result only if {@link Guard} says it beats the current and the generic
 * model on the held-back frames; an accepted version is written as a complete bundle (enhancer
 * fine-tuned, scorer kept from the model it started from, an operating range measured at the newest
 * call's point).
 *
 * <p>Yields to calls: interrupting the thread that runs {@link #learn} stops it at its next step
 * (the next frame of a pair recording, the next optimizer step, the next model evaluated) with
 * {@link LearnerYielded}; nothing is written then, and the next run starts again (pairs made so far
 * are kept in memory).
 *
 * <pre>{@code
 * IdleLearner learner = new IdleLearner(new CallPathPairs(err), LearnerBudget.defaults(), listener);
 * LearnerResult r = learner.learn(new LearnerInput("alice", keptNewestFirst, current, "generic", generic, out));
 * }</pre>
 */
public final class IdleLearner {
    /** Fewest pairs worth a run: 2 s at 25 fps to learn from. */
    static final int MIN_TRAINING_FRAMES = 50;
    /** Frames the trainer's plateau check watches are the held-back ones; it checks this often. */
    private static final int EVAL_EVERY = 100;

    private static final int PATIENCE = 4;
    // A derived range's margins (OperatingRange.derived): half to 1.25 times the measured point.
    private static final double RANGE_LOW = 0.5;
    private static final double RANGE_HIGH = 1.25;

    private final KeptCallPairs pairs;
    private final LearnerBudget budget;
    private final ProgressListener listener;

    public IdleLearner(PairMaker maker, LearnerBudget budget, ProgressListener listener) {
        this.pairs = new KeptCallPairs(maker, budget.maxCalls() + 1);
        this.budget = budget;
        this.listener = listener;
    }

    /** Forgets the pairs kept in memory (the user deleted the footage). */
    public void forgetPairs() {
        pairs.clear();
    }

    /**
     * One run: pairs, fine-tuning, guard, and the bundle when accepted.
     *
     * @throws LearnerYielded when the thread was interrupted (a call started)
     * @throws TrainingException when the footage is too short or training fails
     */
    public LearnerResult learn(LearnerInput in) {
        long start = System.nanoTime();
        try {
            return run(in, start);
        } catch (TrainingException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new LearnerYielded("during " + e.getMessage());
            }
            throw e;
        }
    }

    private LearnerResult run(LearnerInput in, long start) {
        List<KeptCall> calls = in.newestFirst()
                .subList(0, Math.min(budget.maxCalls(), in.newestFirst().size()));
        KeptCall newest = calls.get(0);
        FrameSize size = newest.size();
        List<PairSet> learnFrom = new ArrayList<>();
        PairSet heldBack = null;
        double kbps = newest.sendKbps();
        String encoder = "";
        for (KeptCall call : calls) {
            yieldIfAsked("before making pairs");
            if (!call.size().equals(size)) {
                listener.onMessage("learning: leaving out call " + call.id() + " (" + call.size()
                        + "): the newest call is " + size + " and one run trains at one size");
                continue;
            }
            listener.onMessage(String.format(
                    Locale.ROOT,
                    "learning: pairs of call %s (%.0f s at %d kbps, %s)",
                    call.id(),
                    call.seconds(),
                    call.sendKbps(),
                    call.size()));
            PairMaker.Pairs made = pairs.of(call, budget.maxFramesPerCall());
            PairSet p = made.pairs();
            if (call == newest) {
                int held = (int) Math.max(1, Math.round(p.frames() * budget.heldBackFraction()));
                int cut = p.frames() - held;
                learnFrom.add(part(p, 0, cut));
                heldBack = part(p, cut, p.frames());
                kbps = made.kbps();
                encoder = made.encoder();
            } else {
                learnFrom.add(p);
            }
        }
        PairSet train = PairSet.concat(size, learnFrom);
        if (train.frames() < MIN_TRAINING_FRAMES || heldBack.frames() < 4) {
            throw new TrainingException(String.format(
                    Locale.ROOT,
                    "too little footage to learn from: %d pairs to learn from and %d held back; need %d and 4",
                    train.frames(),
                    heldBack.frames(),
                    MIN_TRAINING_FRAMES));
        }
        PairSet guardSet = heldBack.spread(budget.guardFrames());

        EnhancerWeights init = readEnhancer(in.current());
        EnhancerTrainingOptions options = new EnhancerTrainingOptions(
                init.architecture(),
                Loss.L1,
                budget.patchSize(),
                budget.batchSize(),
                budget.learningRate(),
                budget.maxSteps(),
                budget.maxTime(),
                budget.seed(),
                EVAL_EVERY,
                PATIENCE,
                Optional.of(init));
        TrainingDevice device = device();
        listener.onMessage(String.format(
                Locale.ROOT,
                "learning: fine-tuning %s on %d pairs from %d call%s for up to %d s on %s; %d held back",
                in.currentLabel(),
                train.frames(),
                learnFrom.size(),
                learnFrom.size() == 1 ? "" : "s",
                budget.maxTime().toSeconds(),
                device,
                heldBack.frames()));
        yieldIfAsked("before fine-tuning");
        EnhancerTrainer.Result trained = new EnhancerTrainer(options, device).train(train, guardSet, listener);
        byte[] onnx = OnnxGraphs.enhancer(trained.weights());
        OnnxCheck.verify("enhancer.onnx", onnx, trained.reference());

        int radius = init.architecture().receptiveFieldRadius();
        yieldIfAsked("before the guard");
        double gain = gain(onnx, guardSet, kbps, radius);
        yieldIfAsked("during the guard");
        double currentGain = gain(in.current(), guardSet, kbps, radius);
        double genericGain =
                in.generic().equals(in.current()) ? currentGain : gain(in.generic(), guardSet, kbps, radius);
        Optional<String> refusal = Guard.refusal(gain, currentGain, genericGain);
        double seconds = (System.nanoTime() - start) / 1e9;
        String others = in.generic().equals(in.current())
                ? String.format(Locale.ROOT, "%s %+.3f dB", in.currentLabel(), currentGain)
                : String.format(
                        Locale.ROOT, "%s %+.3f dB, generic %+.3f dB", in.currentLabel(), currentGain, genericGain);
        listener.onMessage(String.format(
                Locale.ROOT,
                "learning: held-back %d frames: new %+.3f dB, %s: %s",
                guardSet.frames(),
                gain,
                others,
                refusal.map(r -> "refused (" + r + ")").orElse("accepted")));
        Optional<Path> model = Optional.empty();
        if (refusal.isEmpty()) {
            yieldIfAsked("before writing the version");
            SelfTrainedBundle.Measured measured = new SelfTrainedBundle.Measured(
                    gain,
                    currentGain,
                    genericGain,
                    kbps,
                    newest.frames() / Math.max(1e-3, newest.seconds()),
                    guardSet.frames(),
                    train.frames(),
                    learnFrom.size(),
                    trained.steps(),
                    trained.elapsed().toMillis() / 1000.0,
                    trained.stopReason(),
                    device.description(),
                    encoder);
            model = Optional.of(SelfTrainedBundle.write(in, newest, onnx, measured, RANGE_LOW, RANGE_HIGH));
        }
        SelfTrainedVersion version = new SelfTrainedVersion(
                Instant.now(),
                OptionalInt.empty(),
                gain,
                currentGain,
                genericGain,
                seconds,
                device.description(),
                refusal.orElse(""));
        return new LearnerResult(
                version,
                model,
                trained.steps(),
                trained.stopReason(),
                trained.elapsed().toMillis() / 1000.0,
                train.frames(),
                guardSet.frames());
    }

    private TrainingDevice device() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            DjlEngine.threads(budget.threads()); // only before the engine loads: the CLI's choice stands
        }
        DjlEngine.useDevice(budget.device());
        return DjlEngine.trainingDevice();
    }

    private double gain(byte[] onnx, PairSet set, double kbps, int radius) {
        try (OrtModel m = OrtModel.fromBytes(onnx, budget.threads())) {
            return new Evaluator(m, Optional.empty(), 32, radius)
                    .evaluate(set, 1.0, kbps)
                    .gainDb();
        }
    }

    private double gain(Path model, PairSet set, double kbps, int radius) {
        try (OrtModel m = OrtModel.load(model.resolve(ModelBundle.ENHANCER), budget.threads())) {
            return new Evaluator(m, Optional.empty(), 32, radius)
                    .evaluate(set, 1.0, kbps)
                    .gainDb();
        }
    }

    private static EnhancerWeights readEnhancer(Path dir) {
        ModelDirectory.requireComplete(dir);
        try {
            return OnnxGraphs.readEnhancer(Files.readAllBytes(dir.resolve(ModelBundle.ENHANCER)));
        } catch (IOException e) {
            throw new TrainingException("cannot read the current model " + dir + ": " + e.getMessage(), e);
        }
    }

    private static PairSet part(PairSet p, int from, int to) {
        return new PairSet(p.size(), p.original().subList(from, to), p.decoded().subList(from, to));
    }

    private static void yieldIfAsked(String where) {
        if (Thread.currentThread().isInterrupted()) {
            throw new LearnerYielded(where);
        }
    }
}
