package io.dejavu.call.internal;

import io.dejavu.call.FrameReference;
import java.util.Optional;

/**
 * The luma planes of the last frames a call sent, by index, so the receiving end of a loopback or
 * test call can compute PSNR of what it decoded against what was sent.
 */
public final class SentFrameLog implements FrameReference {
    private final long[] indices;
    private final byte[][] planes;
    private final int[] widths;
    private final int[] heights;

    public SentFrameLog(int capacity) {
        indices = new long[capacity];
        planes = new byte[capacity][];
        widths = new int[capacity];
        heights = new int[capacity];
        java.util.Arrays.fill(indices, -1);
    }

    /** Keeps a copy of {@code y}. */
    public synchronized void record(long index, byte[] y, int width, int height) {
        int slot = (int) (index % indices.length);
        indices[slot] = index;
        planes[slot] = y.clone();
        widths[slot] = width;
        heights[slot] = height;
    }

    @Override
    public synchronized Optional<byte[]> luma(long index, int width, int height) {
        int slot = (int) (index % indices.length);
        if (indices[slot] != index || widths[slot] != width || heights[slot] != height) {
            return Optional.empty();
        }
        return Optional.of(planes[slot]);
    }
}
