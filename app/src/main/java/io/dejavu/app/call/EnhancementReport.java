package io.dejavu.app.call;

/**
 * What the enhancement pipeline did with one frame.
 *
 * @param enhanced whether any patch was enhanced (false: passed through)
 * @param k patches enhanced
 * @param patches patches in the frame
 * @param areaPercent share of the frame's pixels that were enhanced, 0..100
 * @param millis time spent on this frame (scoring, enhancing, stitching)
 * @param provider "CPU" or "CUDA" (empty without a model)
 * @param framesDropped frames dropped so far before enhancement (receive queue overflow and frames
 *     the pipeline skipped because it was behind)
 * @param note why frames pass through, when they do (empty otherwise)
 * @param tier the model tier that ran ({@code cpu}, {@code gpu}; empty without a model)
 */
public record EnhancementReport(
        boolean enhanced,
        int k,
        int patches,
        double areaPercent,
        double millis,
        String provider,
        long framesDropped,
        String note,
        String tier) {
    public EnhancementReport {
        if (k < 0 || patches < 0 || k > patches) {
            throw new IllegalArgumentException("k must be in 0..patches, got k=" + k + " patches=" + patches);
        }
        if (!(areaPercent >= 0 && areaPercent <= 100)) {
            throw new IllegalArgumentException("enhanced area must be 0..100 %, got " + areaPercent);
        }
        provider = provider == null ? "" : provider;
        note = note == null ? "" : note;
        tier = tier == null ? "" : tier;
    }

    /** A frame passed through untouched, with the reason. */
    public static EnhancementReport passThrough(String note) {
        return new EnhancementReport(false, 0, 0, 0, 0, "", 0, note, "");
    }
}
