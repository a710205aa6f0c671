package io.dejavu.training.train;

/**
 * One point of the training curve.
 *
 * @param step optimizer step
 * @param seconds seconds since training started
 * @param loss smoothed training loss at that step
 * @param validationGainDb PSNR-Y gain on the validation subset (NaN when not measured at this step)
 */
public record CurvePoint(int step, double seconds, double loss, double validationGainDb) {}
