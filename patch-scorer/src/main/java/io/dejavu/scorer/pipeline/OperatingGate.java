package io.dejavu.scorer.pipeline;

import io.dejavu.protocol.model.OperatingRange;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, from the measured stream, whether the caller's model may run: only inside the range its
 * bundle declares (ADR 0506). Hysteresis keeps it from flickering at an edge:
 *
 * <ul>
 *   <li>to start enhancing, the stream's bits per pixel must be inside the range narrowed by
 *       {@link #MARGIN} (10 %) at both ends, so a stream that hovers at an edge stays passed through;
 *   <li>to stop, it must be outside the declared range itself, so the model never runs where it
 *       was not validated for longer than the dwell;
 *   <li>either change needs {@link #DWELL} measurements in a row that agree, except the first
 *       measurement of a call, which decides at once.
 * </ul>
 *
 * <p>The codec and the frame size are checked on every frame: a stream whose size is not one the
 * model was validated at passes through from that frame on. Not thread-safe: the pipeline thread
 * owns it.
 */
final class OperatingGate {
    /** Share of the range's edges the stream must be inside by before enhancement starts. */
    static final double MARGIN = 0.10;
    /** Measurements in a row that must agree before the gate changes its mind. */
    static final int DWELL = 2;

    /** The gate's answer for one frame. */
    record Decision(boolean enhance, String reason) {
        static final Decision ENHANCE = new Decision(true, "");
    }

    private final OperatingRange range;
    private boolean open;
    private boolean decided;
    private int disagreeing;
    private String closedReason = "waiting for the stream's measured bitrate";
    private StreamPoint last;
    // the last frame's shape verdict: frames keep their size and codec, so it is computed once per change
    private int shapeWidth = -1;
    private int shapeHeight = -1;
    private String shapeCodec;
    private Optional<String> shapeOutside = Optional.empty();

    OperatingGate(OperatingRange range) {
        this.range = Objects.requireNonNull(range, "range");
        if (range.isUnrestricted()) {
            open = true;
            decided = true;
        } else if (!range.helpsAnywhere()) {
            closedReason = "the model helped at no validated bitrate";
            decided = true;
        }
    }

    OperatingRange range() {
        return range;
    }

    /** Takes one measurement of the stream (about once a second). */
    void observe(StreamPoint p) {
        if (range.isUnrestricted() || !range.helpsAnywhere() || !p.measured()) {
            return;
        }
        last = p;
        double bpp = p.bitsPerPixel();
        Optional<String> outside = range.outside(p.codec(), p.width(), p.height(), bpp);
        boolean wantOpen;
        if (open) {
            wantOpen = outside.isEmpty();
        } else {
            // each frame size its own band (a range validated at several sizes)
            double min = range.minBpp(p.width(), p.height());
            double max = range.maxBpp(p.width(), p.height());
            double lo = min * (1 + MARGIN);
            double hi = max * (1 - MARGIN);
            if (lo > hi) { // a range narrower than the margins: the dwell alone keeps it steady
                lo = min;
                hi = max;
            }
            wantOpen = outside.isEmpty() && bpp >= lo && bpp <= hi;
        }
        if (!decided) {
            decided = true;
            set(wantOpen, outside, p);
            return;
        }
        if (wantOpen == open) {
            disagreeing = 0;
            if (!open) {
                closedReason = reason(outside, p);
            }
            return;
        }
        if (++disagreeing >= DWELL) {
            set(wantOpen, outside, p);
        }
    }

    private void set(boolean nowOpen, Optional<String> outside, StreamPoint p) {
        open = nowOpen;
        disagreeing = 0;
        closedReason = nowOpen ? "" : reason(outside, p);
    }

    private String reason(Optional<String> outside, StreamPoint p) {
        return outside.orElseGet(() -> String.format(
                        Locale.ROOT,
                        "%.3f bits/pixel is too close to the edge of the model's range %s",
                        p.bitsPerPixel(),
                        range.bppText(p.width(), p.height())))
                + " (" + p + ")";
    }

    /** Whether a frame of this size may be enhanced now, and why not. */
    Decision decide(int width, int height) {
        if (range.isUnrestricted()) {
            return Decision.ENHANCE;
        }
        String codec = last == null ? "" : last.codec();
        if (width != shapeWidth || height != shapeHeight || !codec.equals(shapeCodec)) {
            shapeWidth = width;
            shapeHeight = height;
            shapeCodec = codec;
            shapeOutside = range.outsideShape(codec, width, height);
        }
        if (shapeOutside.isPresent()) {
            return new Decision(false, shapeOutside.get());
        }
        return open ? Decision.ENHANCE : new Decision(false, closedReason);
    }

    /** Whether the gate is letting the model run (size aside). */
    boolean isOpen() {
        return open;
    }
}
