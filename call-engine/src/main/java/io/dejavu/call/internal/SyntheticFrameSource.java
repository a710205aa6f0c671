package io.dejavu.call.internal;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;

/**
 * A deterministic moving pattern: a diagonal gradient that scrolls, a bouncing bright square and a
 * few coloured bars, enough motion and edges to exercise the encoder without a file.
 */
public final class SyntheticFrameSource implements FrameSource {
    private final FrameSize size;
    private final int fps;
    private long index;

    public SyntheticFrameSource(FrameSize size, int fps) {
        this.size = size;
        this.fps = fps;
    }

    @Override
    public FrameSize size() {
        return size;
    }

    @Override
    public double fps() {
        return fps;
    }

    @Override
    public I420Frame next() {
        return render(size, index++);
    }

    /** Frame {@code n} of the pattern. */
    public static I420Frame render(FrameSize size, long n) {
        int w = size.width();
        int h = size.height();
        byte[] y = new byte[w * h];
        byte[] u = new byte[I420Frame.chromaLength(w, h)];
        byte[] v = new byte[u.length];
        int shift = (int) (n * 3);
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                y[row * w + col] = (byte) (32 + ((row + col + shift) & 0x7F));
            }
        }
        int side = Math.max(8, Math.min(w, h) / 5) & ~1;
        int spanX = Math.max(1, w - side);
        int spanY = Math.max(1, h - side);
        int bx = (int) bounce(n * 5, spanX) & ~1;
        int by = (int) bounce(n * 3, spanY) & ~1;
        for (int row = by; row < by + side; row++) {
            for (int col = bx; col < bx + side; col++) {
                y[row * w + col] = (byte) 220;
            }
        }
        int cw = w / 2;
        for (int row = 0; row < h / 2; row++) {
            for (int col = 0; col < cw; col++) {
                int bar = (col * 6 / cw);
                u[row * cw + col] = (byte) (64 + bar * 24);
                v[row * cw + col] = (byte) (192 - bar * 24);
            }
        }
        return new I420Frame(w, h, y, u, v, System.nanoTime(), I420Frame.NO_INDEX);
    }

    private static long bounce(long t, int span) {
        long p = t % (2L * span);
        return p < span ? p : 2L * span - p;
    }

    @Override
    public void close() {}
}
