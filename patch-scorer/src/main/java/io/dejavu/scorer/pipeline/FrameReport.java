package io.dejavu.scorer.pipeline;

import java.util.Objects;

/**
 * What happened to one frame, for the stats overlay and the logs.
 *
 * @param frameIndex the frame's sender-side index, or -1 when unknown
 * @param outcome enhanced as a whole, enhanced in patches, or passed through
 * @param k patches enhanced (the patch count for a full-frame run, 0 when passed through)
 * @param patchCount patches in the frame's grid (0 when passed through before gridding)
 * @param enhancedAreaPercent share of the frame's pixels that were enhanced, 0..100
 * @param scoreMs scoring all patches
 * @param selectMs picking the top-k
 * @param enhanceMs preparing input and running the model
 * @param stitchMs writing the output back
 * @param totalMs the whole frame, all stages and overhead
 * @param provider where the model ran ({@code "CPU 2 threads"}, {@code "CUDA device 0"}), or {@code "none"}
 * @param scorer the scorer used ({@code "onnx"}, {@code "edge-energy"}), or {@code "none"}
 * @param passThroughReason why the frame was not enhanced; empty when it was
 * @param tier the model tier that ran ({@code "cpu"}, {@code "gpu"}), or {@code "none"}
 */
public record FrameReport(
        long frameIndex,
        Outcome outcome,
        int k,
        int patchCount,
        double enhancedAreaPercent,
        double scoreMs,
        double selectMs,
        double enhanceMs,
        double stitchMs,
        double totalMs,
        String provider,
        String scorer,
        String passThroughReason,
        String tier) {
    /** What happened to a frame. */
    public enum Outcome {
        ENHANCED_FULL_FRAME,
        ENHANCED_PATCHES,
        PASSED_THROUGH
    }

    public FrameReport {
        Objects.requireNonNull(outcome, "outcome");
        provider = provider == null ? "none" : provider;
        scorer = scorer == null ? "none" : scorer;
        passThroughReason = passThroughReason == null ? "" : passThroughReason;
        tier = tier == null ? "none" : tier;
        if (enhancedAreaPercent < 0 || enhancedAreaPercent > 100) {
            throw new IllegalArgumentException("enhancedAreaPercent must be in 0..100, got " + enhancedAreaPercent);
        }
    }

    /** A frame shown as decoded, with the reason. */
    public static FrameReport passedThrough(long frameIndex, String reason, double totalMs) {
        return new FrameReport(
                frameIndex, Outcome.PASSED_THROUGH, 0, 0, 0, 0, 0, 0, 0, totalMs, "none", "none", reason, "none");
    }

    public boolean enhanced() {
        return outcome != Outcome.PASSED_THROUGH;
    }

    /** One line for logs and the overlay, e.g. {@code "k=60/240 25% 12.3 ms CPU 2 threads, cpu tier"}. */
    public String summary() {
        if (!enhanced()) {
            return "passed through: " + passThroughReason;
        }
        return String.format(
                java.util.Locale.ROOT,
                "k=%d/%d %.0f%% %.1f ms (score %.1f, select %.2f, enhance %.1f, stitch %.1f) %s, %s tier",
                k,
                patchCount,
                enhancedAreaPercent,
                totalMs,
                scoreMs,
                selectMs,
                enhanceMs,
                stitchMs,
                provider,
                tier);
    }
}
