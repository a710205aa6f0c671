package io.dejavu.scorer.pipeline;

/**
 * Counters and recent stage timings of a pipeline, for the stats overlay and logs. Timings are
 * moving averages over roughly the last 10 enhanced frames.
 *
 * @param processed frames taken from the queue and finished
 * @param enhanced frames shown enhanced
 * @param passedThrough frames shown as decoded (no model, failed model, off, k = 0)
 * @param dropped frames never processed because newer ones arrived (queue overflow plus frames
 *     the pipeline skipped to get to the newest)
 * @param scoreMs average scoring time
 * @param selectMs average top-k selection time
 * @param enhanceMs average model time (input preparation included)
 * @param stitchMs average write-back time
 * @param totalMs average time per enhanced frame
 * @param averageK average k of enhanced frames
 * @param last the last frame's report (a pass-through report with reason "no frame yet" before any)
 */
public record PipelineStats(
        long processed,
        long enhanced,
        long passedThrough,
        long dropped,
        double scoreMs,
        double selectMs,
        double enhanceMs,
        double stitchMs,
        double totalMs,
        double averageK,
        FrameReport last) {
    public PipelineStats {
        if (last == null) {
            last = FrameReport.passedThrough(-1, "no frame yet", 0);
        }
    }
}
