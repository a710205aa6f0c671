package io.dejavu.training.train;

import java.time.Duration;

/**
 * A snapshot of a running training, for progress bars and logs.
 *
 * @param phase what is running: {@code "enhancer"} or {@code "scorer"} (or a preparation step)
 * @param step optimizer steps done
 * @param maxSteps step limit
 * @param elapsed time since the phase started
 * @param budget the phase's time limit
 * @param loss smoothed training loss
 * @param validationGainDb latest PSNR-Y gain on validation frames (NaN before the first check)
 */
public record TrainingProgress(
        String phase, int step, int maxSteps, Duration elapsed, Duration budget, double loss, double validationGainDb) {
    /** Fraction done by steps or time, whichever is further. */
    public double fraction() {
        double bySteps = maxSteps <= 0 ? 0 : (double) step / maxSteps;
        double byTime = budget.isZero() ? 0 : (double) elapsed.toMillis() / budget.toMillis();
        return Math.min(1.0, Math.max(bySteps, byTime));
    }
}
