package io.dejavu.training.footage;

import io.dejavu.protocol.video.FrameSize;
import java.util.ArrayList;
import java.util.List;

/**
 * Training or validation pairs: for each frame the original Y and the Y the receiver decoded, and,
 * for a temporal model (ADR 0509), the Y the receiver decoded just before it.
 *
 * @param size frame size of every plane
 * @param original original Y planes
 * @param decoded decoded Y planes, same order
 * @param previous for each pair the decoded Y plane shown before it ({@link #withPrevious}), or
 *     empty when the set carries none
 */
public record PairSet(FrameSize size, List<byte[]> original, List<byte[]> decoded, List<byte[]> previous) {
    public PairSet {
        original = List.copyOf(original);
        decoded = List.copyOf(decoded);
        previous = List.copyOf(previous);
        if (original.size() != decoded.size()) {
            throw new IllegalArgumentException(
                    "pair lists differ: " + original.size() + " originals vs " + decoded.size() + " decoded");
        }
        if (!previous.isEmpty() && previous.size() != decoded.size()) {
            throw new IllegalArgumentException(
                    "previous frames differ: " + previous.size() + " for " + decoded.size() + " decoded");
        }
        for (int i = 0; i < original.size(); i++) {
            if (original.get(i).length != size.pixels()
                    || decoded.get(i).length != size.pixels()
                    || (!previous.isEmpty() && previous.get(i).length != size.pixels())) {
                throw new IllegalArgumentException("pair " + i + " does not match size " + size);
            }
        }
    }

    /** Pairs without previous frames. */
    public PairSet(FrameSize size, List<byte[]> original, List<byte[]> decoded) {
        this(size, original, decoded, List.of());
    }

    public int frames() {
        return original.size();
    }

    /** Whether each pair carries the decoded frame before it. */
    public boolean hasPrevious() {
        return !previous.isEmpty() || original.isEmpty();
    }

    /**
     * The same pairs, each with the decoded frame before it in this set's order as its previous
     * frame, the first with itself. Call it on one clip's pairs in display order, before they are
     * cut ({@link #spread}, {@link #tiles}) or joined ({@link #concat}): the previous frame is then
     * the one a receiver decoded and showed last. A pair maker that left out frames (a call that
     * dropped them) leaves them out here too, so the previous frame is the last one actually
     * decoded, as the receiver has it.
     */
    public PairSet withPrevious() {
        List<byte[]> p = new ArrayList<>(frames());
        for (int i = 0; i < frames(); i++) {
            p.add(decoded.get(Math.max(0, i - 1)));
        }
        return new PairSet(size, original, decoded, p);
    }

    /** The previous decoded frame of pair {@code i}, or its own decoded frame when the set carries none. */
    public byte[] previousOf(int i) {
        return previous.isEmpty() ? decoded.get(i) : previous.get(i);
    }

    /** At most {@code n} pairs spread evenly over the set (all when {@code n >= frames()}). */
    public PairSet spread(int n) {
        if (n >= frames()) {
            return this;
        }
        List<byte[]> o = new ArrayList<>(n);
        List<byte[]> d = new ArrayList<>(n);
        List<byte[]> p = new ArrayList<>(previous.isEmpty() ? 0 : n);
        for (int i = 0; i < n; i++) {
            int idx = (int) ((long) i * frames() / n);
            o.add(original.get(idx));
            d.add(decoded.get(idx));
            if (!previous.isEmpty()) {
                p.add(previous.get(idx));
            }
        }
        return new PairSet(size, o, d, p);
    }

    /**
     * Pairs of several sets of the same size, concatenated; they carry previous frames when every
     * set does.
     */
    public static PairSet concat(FrameSize size, List<PairSet> sets) {
        List<byte[]> o = new ArrayList<>();
        List<byte[]> d = new ArrayList<>();
        List<byte[]> p = new ArrayList<>();
        boolean previous = sets.stream().allMatch(PairSet::hasPrevious);
        for (PairSet s : sets) {
            if (!s.size().equals(size)) {
                throw new IllegalArgumentException("pair set of size " + s.size() + " among sets of size " + size);
            }
            o.addAll(s.original());
            d.addAll(s.decoded());
            if (previous) {
                p.addAll(s.previous());
            }
        }
        return new PairSet(size, o, d, p);
    }

    /** Pairs {@code from} (inclusive) to {@code to} (exclusive), with their previous frames. */
    public PairSet slice(int from, int to) {
        return new PairSet(
                size,
                original.subList(from, to),
                decoded.subList(from, to),
                previous.isEmpty() ? List.of() : previous.subList(from, to));
    }

    /**
     * The same pairs cut into overlapping tiles of {@code tile} that together cover every pixel,
     * frame by frame (all tiles of frame 0, then of frame 1, ...), so that frames of a larger call
     * size can train beside smaller ones: the trainer learns from small patches anyway, and only
     * patches across a tile's edge are lost, which the overlap mostly gives back.
     *
     * @throws IllegalArgumentException when the tile is larger than the frames
     */
    public PairSet tiles(FrameSize tile) {
        if (tile.equals(size)) {
            return this;
        }
        int[] xs = starts(size.width(), tile.width());
        int[] ys = starts(size.height(), tile.height());
        List<byte[]> o = new ArrayList<>();
        List<byte[]> d = new ArrayList<>();
        List<byte[]> p = new ArrayList<>();
        for (int f = 0; f < frames(); f++) {
            for (int y0 : ys) {
                for (int x0 : xs) {
                    o.add(crop(original.get(f), x0, y0, tile));
                    d.add(crop(decoded.get(f), x0, y0, tile));
                    if (!previous.isEmpty()) {
                        p.add(crop(previous.get(f), x0, y0, tile));
                    }
                }
            }
        }
        return new PairSet(tile, o, d, p);
    }

    /** How many tiles each frame gives ({@link #tiles}). */
    public int tilesPerFrame(FrameSize tile) {
        return tile.equals(size)
                ? 1
                : starts(size.width(), tile.width()).length * starts(size.height(), tile.height()).length;
    }

    private static int[] starts(int length, int tile) {
        if (tile > length) {
            throw new IllegalArgumentException("a tile of " + tile + " pixels does not fit in " + length);
        }
        int n = (length + tile - 1) / tile;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = n == 1 ? 0 : (int) Math.round((double) i * (length - tile) / (n - 1));
        }
        return out;
    }

    private byte[] crop(byte[] plane, int x0, int y0, FrameSize tile) {
        byte[] out = new byte[tile.pixels()];
        for (int y = 0; y < tile.height(); y++) {
            System.arraycopy(plane, (y0 + y) * size.width() + x0, out, y * tile.width(), tile.width());
        }
        return out;
    }
}
