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
        for (int f = 0; f < frames(); f++) {
            for (int y0 : ys) {
                for (int x0 : xs) {
                    o.add(crop(original.get(f), x0, y0, tile));
                    d.add(crop(decoded.get(f), x0, y0, tile));
                }
            }
        }
        return new PairSet(tile, o, d);
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
