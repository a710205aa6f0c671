package io.dejavu.learning;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * One self-training run's result. Gains are on held-back recent call footage: the new model's, the
 * model it started from (the current one), and the generic model's. {@code storeVersion} is empty
 * when the guard refused it or it was not published; {@code refusal} then says why.
 */
public record SelfTrainedVersion(
        Instant trained,
        OptionalInt storeVersion,
        double gainDb,
        double previousGainDb,
        double genericGainDb,
        double trainingSeconds,
        String device,
        String refusal) {

    public boolean published() {
        return storeVersion.isPresent();
    }
}
