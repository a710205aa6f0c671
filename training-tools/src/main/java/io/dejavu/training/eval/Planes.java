package io.dejavu.training.eval;

/** Conversions between 8-bit planes and the networks' {@code Y/255} floats. */
public final class Planes {
    private Planes() {}

    public static float[] toFloats(byte[] y) {
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            f[i] = (y[i] & 0xFF) / 255f;
        }
        return f;
    }

    /** Rounds and clamps to 0..255, as the receiver writes enhanced pixels back. */
    public static byte[] toBytes(float[] f) {
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = (byte) Math.max(0, Math.min(255, Math.round(f[i] * 255f)));
        }
        return b;
    }

    /** Copies a {@code pw x ph} window at (x0, y0) of a {@code w}-wide plane into {@code dst} at {@code offset}. */
    public static void crop(byte[] plane, int w, int x0, int y0, int pw, int ph, float[] dst, int offset) {
        for (int y = 0; y < ph; y++) {
            int row = (y0 + y) * w + x0;
            for (int x = 0; x < pw; x++) {
                dst[offset + y * pw + x] = (plane[row + x] & 0xFF) / 255f;
            }
        }
    }

    /** Sum of squared differences of two {@code w}-wide planes inside the {@code pw x ph} window at (x0, y0). */
    public static long sse(byte[] a, byte[] b, int w, int x0, int y0, int pw, int ph) {
        long s = 0;
        for (int y = y0; y < y0 + ph; y++) {
            int row = y * w;
            for (int x = x0; x < x0 + pw; x++) {
                int d = (a[row + x] & 0xFF) - (b[row + x] & 0xFF);
                s += (long) d * d;
            }
        }
        return s;
    }
}
