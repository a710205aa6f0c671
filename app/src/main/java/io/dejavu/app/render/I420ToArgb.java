package io.dejavu.app.render;

import io.dejavu.protocol.video.I420Frame;

/**
 * Converts I420 (BT.601, studio range, as libwebrtc decodes) to opaque ARGB pixels with integer
 * arithmetic. Pure and allocation-free, so the render thread can call it per frame.
 *
 * <pre>{@code
 * int[] argb = new int[frame.width() * frame.height()];
 * I420ToArgb.convert(frame, argb);
 * }</pre>
 */
public final class I420ToArgb {
    private static final int[] Y_TABLE = new int[256];
    private static final int[] RV = new int[256];
    private static final int[] GU = new int[256];
    private static final int[] GV = new int[256];
    private static final int[] BU = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            Y_TABLE[i] = 298 * (i - 16) + 128;
            RV[i] = 409 * (i - 128);
            GU[i] = -100 * (i - 128);
            GV[i] = -208 * (i - 128);
            BU[i] = 516 * (i - 128);
        }
    }

    private I420ToArgb() {}

    /**
     * Writes {@code frame}'s pixels into {@code argb} row by row.
     *
     * @throws IllegalArgumentException if {@code argb} is shorter than width * height
     */
    public static void convert(I420Frame frame, int[] argb) {
        int w = frame.width();
        int h = frame.height();
        if (argb.length < w * h) {
            throw new IllegalArgumentException(
                    "ARGB buffer holds " + argb.length + " pixels, expected at least " + w * h + " for " + w + "x" + h);
        }
        byte[] yp = frame.y();
        byte[] up = frame.u();
        byte[] vp = frame.v();
        int cw = w / 2;
        for (int row = 0; row < h; row++) {
            int yRow = row * w;
            int cRow = (row >> 1) * cw;
            for (int col = 0; col < w; col++) {
                int c = cRow + (col >> 1);
                int u = up[c] & 0xff;
                int v = vp[c] & 0xff;
                int yy = Y_TABLE[yp[yRow + col] & 0xff];
                int r = clamp((yy + RV[v]) >> 8);
                int g = clamp((yy + GU[u] + GV[v]) >> 8);
                int b = clamp((yy + BU[u]) >> 8);
                argb[yRow + col] = 0xff000000 | (r << 16) | (g << 8) | b;
            }
        }
    }

    private static int clamp(int x) {
        return x < 0 ? 0 : (x > 255 ? 255 : x);
    }
}
