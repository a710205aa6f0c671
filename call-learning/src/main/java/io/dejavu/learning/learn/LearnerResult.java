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
 */
public record LearnerResult(
        SelfTrainedVersion version,
        Optional<Path> model,
        int steps,
        String stopReason,
        double fineTuneSeconds,
        int trainingFrames,
        int heldBackFrames) {
    public boolean accepted() {
        return model.isPresent();
    }
}
