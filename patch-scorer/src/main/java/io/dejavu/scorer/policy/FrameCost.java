package io.dejavu.scorer.policy;

/**
 * What enhancing one frame cost, fed back to a {@link KPolicy} so it can learn.
 *
 * @param patchCount patches in the frame's grid
 * @param k patches enhanced ({@code patchCount} for a full-frame run)
 * @param fullFrame whether the whole frame ran as one image instead of patches
 * @param scoreNanos scoring all patches (0 when skipped)
 * @param selectNanos picking the top-k
 * @param enhanceNanos preparing input and running the model
 * @param stitchNanos writing the output back
 */
public record FrameCost(
        int patchCount,
        int k,
        boolean fullFrame,
        long scoreNanos,
        long selectNanos,
        long enhanceNanos,
        long stitchNanos) {
    public FrameCost {
        if (patchCount < 0 || k < 0 || k > Math.max(patchCount, 0)) {
            throw new IllegalArgumentException("need 0 <= k <= patchCount, got k=" + k + " patchCount=" + patchCount);
        }
        if (scoreNanos < 0 || selectNanos < 0 || enhanceNanos < 0 || stitchNanos < 0) {
            throw new IllegalArgumentException("stage times must not be negative");
        }
    }

    public long totalNanos() {
        return scoreNanos + selectNanos + enhanceNanos + stitchNanos;
    }
}
