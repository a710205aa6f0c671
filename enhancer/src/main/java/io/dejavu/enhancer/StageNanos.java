package io.dejavu.enhancer;

/**
 * Where the time of one enhancement call went, in nanoseconds.
 *
 * @param prepareNanos copying luminance into the model's input (bytes to floats, tiles)
 * @param runNanos the ONNX Runtime call, host-device copies included
 * @param stitchNanos writing the output back into the frame with clamping
 */
public record StageNanos(long prepareNanos, long runNanos, long stitchNanos) {
    /** Nothing ran. */
    public static final StageNanos ZERO = new StageNanos(0, 0, 0);

    public long totalNanos() {
        return prepareNanos + runNanos + stitchNanos;
    }
}
