package io.dejavu.app.call;

/**
 * What the enhancement pipeline did with one frame.
 *
 * @param enhanced whether any patch was enhanced (false: passed through)
 * @param k patches enhanced
 * @param patches patches in the frame
 * @param millis time spent on this frame (scoring, enhancing, stitching)
 * @param provider "CPU" or "CUDA" (empty without a model)
 * @param framesDropped frames the pipeline skipped so far because it was behind
 * @param note why frames pass through, when they do (empty otherwise)
 */
public record EnhancementReport(
        boolean enhanced, int k, int patches, double millis, String provider, long framesDropped, String note) {
    public EnhancementReport {
        if (k < 0 || patches < 0 || k > patches) {
            throw new IllegalArgumentException("k must be in 0..patches, got k=" + k + " patches=" + patches);
        }
        provider = provider == null ? "" : provider;
        note = note == null ? "" : note;
    }

    /** A frame passed through untouched, with the reason. */
    public static EnhancementReport passThrough(String note) {
        return new EnhancementReport(false, 0, 0, 0, "", 0, note);
    }

    /** Share of the frame's area that was enhanced, in percent. */
    public double areaPercent() {
        return patches == 0 ? 0 : 100.0 * k / patches;
    }
}
