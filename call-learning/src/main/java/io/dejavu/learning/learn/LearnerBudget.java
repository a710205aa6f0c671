package io.dejavu.learning.learn;

import io.dejavu.training.train.DeviceChoice;
import io.dejavu.training.train.TrainingDevice;
import java.time.Duration;
import java.util.Objects;

/**
 * How much one idle learning run may spend, and how it fine-tunes. The defaults fit a 2-core machine:
 * one PyTorch thread (the other core stays free for whatever the user does next) and 60 s of
 * fine-tuning, so that learning after a 20 s call (its pairs through a loopback call take about as
 * long as the call, the guard's evaluation a few seconds) ends within 2 minutes; on a GPU the same
 * wall-clock budget buys many more steps.
 *
 * <pre>{@code
 * LearnerBudget b = LearnerBudget.defaults().withMaxTime(Duration.ofSeconds(90));
 * }</pre>
 *
 * @param device where to train ({@link DeviceChoice#AUTO}: the GPU when PyTorch sees one)
 * @param threads PyTorch CPU threads (effective before the engine first loads in this process), and
 *     the guard's ONNX Runtime threads on the CPU ({@link #guardThreadsOn})
 * @param maxTime wall-clock limit of the fine-tuning itself
 * @param maxSteps optimizer step limit (tests use a handful)
 * @param maxFramesPerCall most frames of a kept call turned into pairs (the newest ones kept)
 * @param maxCalls most kept calls, newest first, learned from in one run
 * @param heldBackFraction later share of the newest call held back for the guard
 * @param guardFrames most held-back frames the guard evaluates (spread over them)
 * @param patchSize training patch side
 * @param batchSize patches per step on the CPU ({@link #batchOn}: four times that on a GPU)
 * @param learningRate Adam's initial rate (cosine decay over the budget)
 * @param seed patch sampling seed
 * @param gpuTier when a run also fine-tunes the gpu tier (ADR 0701 amendment)
 */
public record LearnerBudget(
        DeviceChoice device,
        int threads,
        Duration maxTime,
        int maxSteps,
        int maxFramesPerCall,
        int maxCalls,
        double heldBackFraction,
        int guardFrames,
        int patchSize,
        int batchSize,
        float learningRate,
        long seed,
        GpuTier gpuTier) {
    /**
     * When a run fine-tunes the gpu tier too, after the cpu tier passed the guard and when the model
     * it starts from (the user's latest version, else the generic one) carries one: a 32x8 model
     * learns little from a minute of CPU, so by default only where training runs on a GPU.
     */
    public enum GpuTier {
        /** When the learner trains on a GPU (the default). */
        ON_GPU,
        /** On any device (tests; a patient CPU). */
        ALWAYS,
        /** Never. */
        NEVER
    }

    public LearnerBudget {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(gpuTier, "gpuTier");
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("learner threads must be 1..64, got " + threads);
        }
        if (maxTime == null || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("learner max time must be positive, got " + maxTime);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("learner max steps must be positive, got " + maxSteps);
        }
        if (maxFramesPerCall < 30) {
            throw new IllegalArgumentException("learner frames per call must be at least 30, got " + maxFramesPerCall);
        }
        if (maxCalls < 1) {
            throw new IllegalArgumentException("learner calls must be positive, got " + maxCalls);
        }
        if (!(heldBackFraction >= 0.1 && heldBackFraction <= 0.5)) {
            throw new IllegalArgumentException("held-back fraction must be in [0.1, 0.5], got " + heldBackFraction);
        }
        if (guardFrames < 4) {
            throw new IllegalArgumentException("guard frames must be at least 4, got " + guardFrames);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1), got " + learningRate);
        }
    }

    /**
     * One CPU thread (or the GPU), 60 s, up to 750 frames (30 s at 25 fps) of each of the newest 6
     * calls, the later 25 % of the newest call held back (at most 100 frames evaluated), 48-pixel
     * patches in batches of 16 at 1e-3: fine-tuning for a minute needs a larger rate than `train`'s
     * 5e-4 for 5 minutes to move the model at all.
     */
    public static LearnerBudget defaults() {
        return new LearnerBudget(
                DeviceChoice.AUTO,
                1,
                Duration.ofSeconds(60),
                100_000,
                750,
                6,
                0.25,
                100,
                48,
                16,
                1e-3f,
                1L,
                GpuTier.ON_GPU);
    }

    public LearnerBudget withMaxTime(Duration time) {
        return new LearnerBudget(
                device,
                threads,
                time,
                maxSteps,
                maxFramesPerCall,
                maxCalls,
                heldBackFraction,
                guardFrames,
                patchSize,
                batchSize,
                learningRate,
                seed,
                gpuTier);
    }

    public LearnerBudget withMaxSteps(int steps) {
        return new LearnerBudget(
                device,
                threads,
                maxTime,
                steps,
                maxFramesPerCall,
                maxCalls,
                heldBackFraction,
                guardFrames,
                patchSize,
                batchSize,
                learningRate,
                seed,
                gpuTier);
    }

    public LearnerBudget withLearningRate(float rate) {
        return new LearnerBudget(
                device,
                threads,
                maxTime,
                maxSteps,
                maxFramesPerCall,
                maxCalls,
                heldBackFraction,
                guardFrames,
                patchSize,
                batchSize,
                rate,
                seed,
                gpuTier);
    }

    public LearnerBudget withDevice(DeviceChoice choice) {
        return new LearnerBudget(
                choice,
                threads,
                maxTime,
                maxSteps,
                maxFramesPerCall,
                maxCalls,
                heldBackFraction,
                guardFrames,
                patchSize,
                batchSize,
                learningRate,
                seed,
                gpuTier);
    }

    public LearnerBudget withFrames(int perCall, int guard) {
        return new LearnerBudget(
                device,
                threads,
                maxTime,
                maxSteps,
                perCall,
                maxCalls,
                heldBackFraction,
                guard,
                patchSize,
                batchSize,
                learningRate,
                seed,
                gpuTier);
    }

    public LearnerBudget withGpuTier(GpuTier when) {
        return new LearnerBudget(
                device,
                threads,
                maxTime,
                maxSteps,
                maxFramesPerCall,
                maxCalls,
                heldBackFraction,
                guardFrames,
                patchSize,
                batchSize,
                learningRate,
                seed,
                when);
    }

    /**
     * Patches per step on {@code device} ({@link TrainingDevice#batchFor}: four times {@link
     * #batchSize()} on a GPU). The fine-tuning stops at its patience (4 checks of 100 steps): at 16
     * patches a run on the H100 stopped after 600 to 2,200 steps, a tenth of what its 60 s allowed
     * (2026-12-07).
     */
    public int batchOn(TrainingDevice device) {
        return device.batchFor(batchSize);
    }

    /**
     * ONNX Runtime threads for the guard's measurements when training ran on {@code device}: on the
     * CPU the budget's {@link #threads()} (the other core stays the user's); where training ran on a
     * GPU the CPU is otherwise idle, so half the machine's cores. There, one thread took most of a
     * run's two minutes measuring three 32x8 models on 75 held-back 400x300 frames.
     */
    public int guardThreadsOn(TrainingDevice device) {
        return device.isGpu() ? Math.max(threads, Runtime.getRuntime().availableProcessors() / 2) : threads;
    }
}
