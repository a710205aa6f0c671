package io.dejavu.training.footage;

import io.dejavu.protocol.video.FrameSize;
import java.util.ArrayList;
import java.util.List;

/**
 * Training or validation pairs: for each frame the original Y and the Y the receiver decoded.
 *
 * @param size frame size of every plane
 * @param original original Y planes
 * @param decoded decoded Y planes, same order
 */
public record PairSet(FrameSize size, List<byte[]> original, List<byte[]> decoded) {
    public PairSet {
        original = List.copyOf(original);
        decoded = List.copyOf(decoded);
        if (original.size() != decoded.size()) {
            throw new IllegalArgumentException(
                    "pair lists differ: " + original.size() + " originals vs " + decoded.size() + " decoded");
        }
        for (int i = 0; i < original.size(); i++) {
            if (original.get(i).length != size.pixels() || decoded.get(i).length != size.pixels()) {
                throw new IllegalArgumentException("pair " + i + " does not match size " + size);
            }
        }
    }

    public int frames() {
        return original.size();
    }

    /** At most {@code n} pairs spread evenly over the set (all when {@code n >= frames()}). */
    public PairSet spread(int n) {
        if (n >= frames()) {
            return this;
        }
        List<byte[]> o = new ArrayList<>(n);
        List<byte[]> d = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int idx = (int) ((long) i * frames() / n);
            o.add(original.get(idx));
            d.add(decoded.get(idx));
        }
        return new PairSet(size, o, d);
    }

    /** Pairs of several sets of the same size, concatenated. */
    public static PairSet concat(FrameSize size, List<PairSet> sets) {
        List<byte[]> o = new ArrayList<>();
        List<byte[]> d = new ArrayList<>();
        for (PairSet s : sets) {
            if (!s.size().equals(size)) {
                throw new IllegalArgumentException("pair set of size " + s.size() + " among sets of size " + size);
            }
            o.addAll(s.original());
            d.addAll(s.decoded());
        }
        return new PairSet(size, o, d);
    }
}
