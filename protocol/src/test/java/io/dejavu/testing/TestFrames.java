package io.dejavu.testing;

import io.dejavu.protocol.video.I420Frame;
import java.util.Random;

/**
 * Deterministic test frames shared by the modules' tests: edges, gradients and noise like decoded
 * video, but reproducible.
 */
public final class TestFrames {
    private TestFrames() {}

    public static I420Frame textured(int width, int height, long seed) {
        Random r = new Random(seed);
        byte[] y = new byte[width * height];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                double v = 60
                        + 0.4 * col
                        + 0.3 * row
                        + ((col / 17 + row / 13) % 2 == 0 ? 50 : 0)
                        + 25 * Math.sin(col * 0.3) * Math.cos(row * 0.2)
                        + r.nextGaussian() * 6;
                y[row * width + col] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
            }
        }
        byte[] u = new byte[I420Frame.chromaLength(width, height)];
        byte[] v = new byte[u.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = (byte) (i * 7);
            v[i] = (byte) (255 - i * 3);
        }
        return new I420Frame(width, height, y, u, v, 1234L, 5L);
    }

    /** Flat grey everywhere except one square of noise at (x, y). */
    public static I420Frame flatWithBusySquare(int width, int height, int x, int y, int side, long seed) {
        I420Frame f = I420Frame.blank(width, height);
        Random r = new Random(seed);
        for (int row = y; row < y + side; row++) {
            for (int col = x; col < x + side; col++) {
                f.y()[row * width + col] = (byte) (40 + r.nextInt(160));
            }
        }
        return f;
    }
}
