package io.dejavu.training.train;

import io.dejavu.training.TrainingException;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.model.EnhancerWeights;
import java.time.Duration;
import java.util.Optional;

/**
 * How to train the enhancer.
 *
 * @param architecture channels and residual blocks
 * @param loss L1 or L2
 * @param patchSize side of the random training patches
 * @param batchSize patches per step
 * @param learningRate Adam's initial rate (cosine decay to 5 % over the budget)
 * @param maxSteps step limit
 * @param maxTime wall-clock limit (hard stop)
 * @param seed seed for initialization and patch sampling
 * @param evalEvery steps between validation checks
 * @param patience validation checks without improvement before stopping early
 * @param init weights to start from (fine-tuning), or empty to start from scratch
 * @param inputs input frames of the network: 1 (the product's), or 2 for the temporal experiment
 *     (current and previous decoded frame, ADR 0509)
 */
public record EnhancerTrainingOptions(
        Architecture architecture,
        Loss loss,
        int patchSize,
        int batchSize,
        float learningRate,
        int maxSteps,
        Duration maxTime,
        long seed,
        int evalEvery,
        int patience,
        Optional<EnhancerWeights> init,
        int inputs) {
    public EnhancerTrainingOptions {
        if (inputs < 1 || inputs > 2) {
            throw new TrainingException("input frames must be 1 or 2, got " + inputs);
        }
        if (patchSize < 8 || patchSize > 256) {
            throw new TrainingException("patch size must be 8..256, got " + patchSize);
        }
        if (batchSize < 1 || batchSize > 1024) {
            throw new TrainingException("batch size must be 1..1024, got " + batchSize);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new TrainingException("learning rate must be in (0, 1), got " + learningRate);
        }
        if (maxSteps < 1) {
            throw new TrainingException("max steps must be positive, got " + maxSteps);
        }
        if (maxTime.isNegative() || maxTime.isZero()) {
            throw new TrainingException("max time must be positive, got " + maxTime);
        }
        if (evalEvery < 1 || patience < 1) {
            throw new TrainingException("evalEvery and patience must be positive, got " + evalEvery + ", " + patience);
        }
        init.ifPresent(w -> {
            if (!w.architecture().equals(architecture)) {
                throw new TrainingException("base model is " + w.architecture().label() + " but training asks for "
                        + architecture.label() + "; pass matching --channels/--blocks or --from-scratch");
            }
            if (w.inputs() != inputs) {
                throw new TrainingException(
                        "base model takes " + w.inputs() + " input frames but training asks for " + inputs);
            }
        });
    }

    /** Single-frame options (the product's network). */
    public EnhancerTrainingOptions(
            Architecture architecture,
            Loss loss,
            int patchSize,
            int batchSize,
            float learningRate,
            int maxSteps,
            Duration maxTime,
            long seed,
            int evalEvery,
            int patience,
            Optional<EnhancerWeights> init) {
        this(
                architecture,
                loss,
                patchSize,
                batchSize,
                learningRate,
                maxSteps,
                maxTime,
                seed,
                evalEvery,
                patience,
                init,
                1);
    }

    /** These options for a network of {@code frames} input frames starting from {@code weights}. */
    public EnhancerTrainingOptions withInputs(int frames, Optional<EnhancerWeights> weights) {
        return new EnhancerTrainingOptions(
                architecture,
                loss,
                patchSize,
                batchSize,
                learningRate,
                maxSteps,
                maxTime,
                seed,
                evalEvery,
                patience,
                weights,
                frames);
    }

    /** Defaults for the product: 16x4 network, L1, 48-pixel patches, batch 16, lr 1e-3. */
    public static EnhancerTrainingOptions defaults(Duration maxTime, long seed) {
        return new EnhancerTrainingOptions(
                Architecture.DEFAULT, Loss.L1, 48, 16, 1e-3f, 100_000, maxTime, seed, 200, 8, Optional.empty());
    }

    public EnhancerTrainingOptions withInit(Optional<EnhancerWeights> weights) {
        return new EnhancerTrainingOptions(
                architecture,
                loss,
                patchSize,
                batchSize,
                learningRate,
                maxSteps,
                maxTime,
                seed,
                evalEvery,
                patience,
                weights,
                inputs);
    }

    /** The same options for a model of {@code arch} (a larger tier fine-tuned from a base of that size). */
    public EnhancerTrainingOptions withArchitecture(Architecture arch) {
        return new EnhancerTrainingOptions(
                arch,
                loss,
                patchSize,
                batchSize,
                learningRate,
                maxSteps,
                maxTime,
                seed,
                evalEvery,
                patience,
                init,
                inputs);
    }

    public EnhancerTrainingOptions withLearningRate(float lr) {
        return new EnhancerTrainingOptions(
                architecture,
                loss,
                patchSize,
                batchSize,
                lr,
                maxSteps,
                maxTime,
                seed,
                evalEvery,
                patience,
                init,
                inputs);
    }

    public EnhancerTrainingOptions withMaxSteps(int steps) {
        return new EnhancerTrainingOptions(
                architecture,
                loss,
                patchSize,
                batchSize,
                learningRate,
                steps,
                maxTime,
                seed,
                evalEvery,
                patience,
                init,
                inputs);
    }

    public EnhancerTrainingOptions withEvalEvery(int every, int newPatience) {
        return new EnhancerTrainingOptions(
                architecture,
                loss,
                patchSize,
                batchSize,
                learningRate,
                maxSteps,
                maxTime,
                seed,
                every,
                newPatience,
                init,
                inputs);
    }
}
