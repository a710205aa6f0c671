package io.dejavu.learning.learn;

import io.dejavu.learning.SelfTrainedVersion;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One idle learning run's outcome.
 *
 * @param version the ledger's record (not yet published: {@code storeVersion} is empty)
 * @param model the accepted version's bundle, empty when the guard refused it
 * @param steps optimizer steps of the fine-tuning
 * @param stopReason why the fine-tuning stopped
 * @param fineTuneSeconds time spent in the fine-tuning alone (the version's training time is the whole run)
 * @param trainingFrames pairs learned from
 * @param heldBackFrames held-back pairs the guard measured on
 * @param gpu the gpu tier's run, when the run fine-tuned one (kept in the version only if accepted)
 */
public record LearnerResult(
        SelfTrainedVersion version,
        Optional<Path> model,
        int steps,
        String stopReason,
        double fineTuneSeconds,
        int trainingFrames,
        int heldBackFrames,
        Optional<TierResult> gpu) {
    /**
     * A larger tier's run: its gains on the held-back frames (new, what a receiver of the tier runs
     * now, the generic model's same tier) and why it was refused, if it was.
     */
    public record TierResult(
            double gainDb,
            double currentGainDb,
            double genericGainDb,
            int steps,
            double fineTuneSeconds,
            String refusal) {
        static TierResult of(TierFineTune.Outcome o) {
            return new TierResult(
                    o.gainDb(),
                    o.currentGainDb(),
                    o.genericGainDb(),
                    o.trained().steps(),
                    o.trained().elapsed().toMillis() / 1000.0,
                    o.refusal().orElse(""));
        }
    }

    public boolean accepted() {
        return model.isPresent();
    }
}
