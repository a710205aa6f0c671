package io.dejavu.learning.learn;

import io.dejavu.learning.SelfTrainedVersion;
import io.dejavu.learning.footage.KeptCall;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.train.DjlEngine;
import io.dejavu.training.train.ProgressListener;
import io.dejavu.training.train.TrainingDevice;
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
 * call's point). Where training runs on a GPU and the model it starts from has a gpu tier, a run
 * whose cpu tier passed also fine-tunes the gpu tier the same way and keeps it in the version when it
 * passes the same guard against the current and the generic gpu tier ({@link TierFineTune}, ADR 0701
 * amendment).
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

        TrainingDevice device = device();
        TierFineTune tiers = new TierFineTune(budget, listener, device);
        TierFineTune.Outcome cpu = tiers.run(ModelTier.CPU, in, train, learnFrom.size(), guardSet, kbps);
        Optional<TierFineTune.Outcome> gpu = Optional.empty();
        if (learnsGpuTier(device, in)) {
            if (cpu.accepted()) {
                yieldIfAsked("before the gpu tier");
                gpu = Optional.of(tiers.run(ModelTier.GPU, in, train, learnFrom.size(), guardSet, kbps));
            } else {
                listener.onMessage("learning: the gpu tier is not fine-tuned: a version needs a cpu tier that"
                        + " passes the guard");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Optional<String> refusal = cpu.refusal();
        Optional<Path> model = Optional.empty();
        if (refusal.isEmpty()) {
            yieldIfAsked("before writing the version");
            RunFacts facts = new RunFacts(
                    kbps,
                    newest.frames() / Math.max(1e-3, newest.seconds()),
                    guardSet.frames(),
                    train.frames(),
                    learnFrom.size(),
                    device.description(),
                    encoder);
            SelfTrainedBundle.Measured measured = facts.measured(cpu);
            Optional<SelfTrainedBundle.LargerTier> larger = largerTier(gpu, in, newest, facts);
            model = Optional.of(
                    SelfTrainedBundle.write(in, newest, cpu.onnx(), measured, larger, RANGE_LOW, RANGE_HIGH));
        }
        SelfTrainedVersion version = new SelfTrainedVersion(
                Instant.now(),
                OptionalInt.empty(),
                cpu.gainDb(),
                cpu.currentGainDb(),
                cpu.genericGainDb(),
                seconds,
                device.description(),
                refusal.orElse(""),
                gpu.map(o -> new SelfTrainedVersion.GpuTier(
                        o.gainDb(), o.genericGainDb(), o.refusal().orElse(""))));
        return new LearnerResult(
                version,
                model,
                cpu.trained().steps(),
                cpu.trained().stopReason(),
                cpu.trained().elapsed().toMillis() / 1000.0,
                train.frames(),
                guardSet.frames(),
                gpu.map(LearnerResult.TierResult::of));
    }

    private TrainingDevice device() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            DjlEngine.threads(budget.threads()); // only before the engine loads: the CLI's choice stands
        }
        DjlEngine.useDevice(budget.device());
        return DjlEngine.trainingDevice();
    }

    private boolean learnsGpuTier(TrainingDevice device, LearnerInput in) {
        boolean wanted =
                switch (budget.gpuTier()) {
                    case ALWAYS -> true;
                    case NEVER -> false;
                    case ON_GPU -> device.isGpu();
                };
        return wanted && TierFineTune.canStart(ModelTier.GPU, in);
    }

    /**
     * The version's gpu tier: this run's when it passed its guard, else the current version's own
     * (kept as it was), else none.
     */
    private static Optional<SelfTrainedBundle.LargerTier> largerTier(
            Optional<TierFineTune.Outcome> gpu, LearnerInput in, KeptCall newest, RunFacts facts) {
        if (gpu.isPresent() && gpu.get().accepted()) {
            TierFineTune.Outcome g = gpu.get();
            return Optional.of(SelfTrainedBundle.LargerTier.trained(
                    g.tier(), g.onnx(), facts.measured(g), newest, RANGE_LOW, RANGE_HIGH));
        }
        boolean ownGpuTier = !in.current().equals(in.generic())
                && Files.isRegularFile(in.current().resolve(ModelTier.GPU.entryName()));
        return ownGpuTier
                ? Optional.of(SelfTrainedBundle.LargerTier.carried(ModelTier.GPU, in.current(), in.currentLabel()))
                : Optional.empty();
    }

    /** What every tier of one run shares, for the metadata. */
    private record RunFacts(
            double kbps, double fps, int heldBack, int trainingFrames, int calls, String device, String encoder) {
        SelfTrainedBundle.Measured measured(TierFineTune.Outcome o) {
            return new SelfTrainedBundle.Measured(
                    o.gainDb(),
                    o.currentGainDb(),
                    o.genericGainDb(),
                    kbps,
                    fps,
                    heldBack,
                    trainingFrames,
                    calls,
                    o.trained().steps(),
                    o.trained().elapsed().toMillis() / 1000.0,
                    o.trained().stopReason(),
                    device,
                    encoder);
        }
    }

    private static PairSet part(PairSet p, int from, int to) {
        return new PairSet(p.size(), p.original().subList(from, to), p.decoded().subList(from, to));
    }

    static void yieldIfAsked(String where) {
        if (Thread.currentThread().isInterrupted()) {
            throw new LearnerYielded(where);
        }
    }
}
