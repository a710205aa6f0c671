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
        // One chroma sample covers a 2x2 block of luma: work out its three terms once per block.
        for (int cy = 0; cy < h / 2; cy++) {
            int row0 = 2 * cy * w;
            int row1 = row0 + w;
            int cRow = cy * cw;
            for (int cx = 0; cx < cw; cx++) {
                int u = up[cRow + cx] & 0xff;
                int v = vp[cRow + cx] & 0xff;
                int rv = RV[v];
                int guv = GU[u] + GV[v];
                int bu = BU[u];
                int i0 = row0 + 2 * cx;
                int i1 = row1 + 2 * cx;
                argb[i0] = pixel(Y_TABLE[yp[i0] & 0xff], rv, guv, bu);
                argb[i0 + 1] = pixel(Y_TABLE[yp[i0 + 1] & 0xff], rv, guv, bu);
                argb[i1] = pixel(Y_TABLE[yp[i1] & 0xff], rv, guv, bu);
                argb[i1 + 1] = pixel(Y_TABLE[yp[i1 + 1] & 0xff], rv, guv, bu);
            }
        }
    }

    private static int pixel(int yy, int rv, int guv, int bu) {
        return 0xff000000 | (clamp((yy + rv) >> 8) << 16) | (clamp((yy + guv) >> 8) << 8) | clamp((yy + bu) >> 8);
    }

    private static int clamp(int x) {
        return x < 0 ? 0 : (x > 255 ? 255 : x);
    }
}
