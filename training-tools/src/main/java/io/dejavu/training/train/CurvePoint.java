package io.dejavu.training.train;

import java.util.Map;

/**
 * One point of the training curve.
 *
 * @param step optimizer step
 * @param seconds seconds since training started
 * @param loss smoothed training loss at that step
 * @param validationGainDb PSNR-Y gain on the validation subset (NaN when not measured at this step)
 * @param byPoint for a job over several operating points, the validation gain at each point by its
 *     label ({@code 640x360@200}); empty otherwise and where not measured
 */
public record CurvePoint(int step, double seconds, double loss, double validationGainDb, Map<String, Double> byPoint) {
    public CurvePoint {
        byPoint = byPoint == null ? Map.of() : Map.copyOf(byPoint);
    }

    /** A point of a job at one operating point. */
    public CurvePoint(int step, double seconds, double loss, double validationGainDb) {
        this(step, seconds, loss, validationGainDb, Map.of());
    }
}
