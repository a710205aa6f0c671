package io.dejavu.learning.learn;

import java.util.Locale;
import java.util.Optional;

/**
 * The rule a self-trained version must pass before it is kept and published, the `publish` guard's
 * rule (ADR 0308: the app's own guard is the first line) applied to the model it would replace:
 * on the held-back recent footage it must beat the current model (the user's latest version, or the
 * generic one) and the generic model, each by more than {@link #MIN_IMPROVEMENT_DB}, so that noise
 * between two nearly equal models does not publish a version a minute.
 */
public final class Guard {
    /** What a new version must gain over the models it competes with (the trainer's plateau step). */
    public static final double MIN_IMPROVEMENT_DB = 0.005;

    private Guard() {}

    /**
     * Empty when the new version may replace the current one, else why not, in one line.
     *
     * @param gainDb the new version's gain on the held-back footage
     * @param currentGainDb the current model's gain on the same frames
     * @param genericGainDb the generic model's gain on the same frames
     */
    public static Optional<String> refusal(double gainDb, double currentGainDb, double genericGainDb) {
        if (!Double.isFinite(gainDb)) {
            return Optional.of("the new version's gain is not a number");
        }
        if (gainDb <= currentGainDb + MIN_IMPROVEMENT_DB) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "gains %+.3f dB on the held-back footage, the current model %+.3f dB: it does not beat it",
                    gainDb,
                    currentGainDb));
        }
        if (gainDb <= genericGainDb + MIN_IMPROVEMENT_DB) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "gains %+.3f dB on the held-back footage, the generic model %+.3f dB: it does not beat it",
                    gainDb,
                    genericGainDb));
        }
        return Optional.empty();
    }
}
