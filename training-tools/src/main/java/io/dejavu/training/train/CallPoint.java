package io.dejavu.training.train;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.TrainingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One operating point a generic job makes pairs at: a call's frame size and bitrate cap. A job over
 * several points (issue 15 point 4) learns from each clip at one of them, so that one model covers
 * the bitrates and sizes calls use instead of only the one it was trained at.
 *
 * @param size the call's frame size
 * @param kbps the call's video bitrate cap
 */
public record CallPoint(FrameSize size, int kbps) {
    public CallPoint {
        if (size == null) {
            throw new TrainingException("an operating point needs a frame size");
        }
        if (kbps < 10 || kbps > 50_000) {
            throw new TrainingException("bitrate must be 10..50000 kbps, got " + kbps);
        }
    }

    /** Every size with every bitrate, sizes outermost: the grid of a job over several points. */
    public static List<CallPoint> grid(List<FrameSize> sizes, List<Integer> kbps) {
        List<CallPoint> out = new ArrayList<>();
        for (FrameSize s : sizes) {
            for (int k : kbps) {
                CallPoint p = new CallPoint(s, k);
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return List.copyOf(out);
    }

    /** E.g. {@code 640x360@200} (the label of its validation curve). */
    public String label() {
        return String.format(Locale.ROOT, "%s@%d", size, kbps);
    }

    @Override
    public String toString() {
        return label();
    }
}
