package io.dejavu.scorer.pipeline;

import io.dejavu.protocol.video.I420Frame;
import java.util.Objects;

/**
 * One frame out of the pipeline: the frame as decoded, the frame to show, and what happened.
 *
 * @param decoded the frame as it came from the decoder (a copy, untouched by enhancement); the
 *     same instance as {@code shown} when the frame was passed through or when the pipeline was
 *     configured not to keep decoded copies
 * @param shown the frame to display: enhanced when {@code report.enhanced()}
 * @param report what happened, with timings
 */
public record FrameResult(I420Frame decoded, I420Frame shown, FrameReport report) {
    public FrameResult {
        Objects.requireNonNull(decoded, "decoded");
        Objects.requireNonNull(shown, "shown");
        Objects.requireNonNull(report, "report");
    }
}
