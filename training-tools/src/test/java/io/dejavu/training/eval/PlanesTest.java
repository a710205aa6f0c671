package io.dejavu.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlanesTest {
    @Test
    void bytesBecomeUnitFloatsAndComeBackRoundedAndClamped() {
        byte[] y = {0, (byte) 128, (byte) 255};
        float[] f = Planes.toFloats(y);
        assertArrayEquals(new float[] {0f, 128 / 255f, 1f}, f);
        assertArrayEquals(y, Planes.toBytes(f));
        assertArrayEquals(
                new byte[] {0, (byte) 255, 1, 2}, Planes.toBytes(new float[] {-0.5f, 1.7f, 1.4f / 255, 1.6f / 255}));
    }

    @Test
    void cropCopiesAWindowAtAnOffset() {
        // 3x3 plane 0..8; the 2x2 window at (1, 1) is 4 5 / 7 8
        byte[] plane = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        float[] dst = new float[6];
        Planes.crop(plane, 3, 1, 1, 2, 2, dst, 2);
        assertArrayEquals(new float[] {0, 0, 4 / 255f, 5 / 255f, 7 / 255f, 8 / 255f}, dst);
    }

    @Test
    void sseSumsSquaredDifferencesInsideTheWindowOnly() {
        byte[] a = new byte[9];
        byte[] b = {3, 0, 0, 0, 2, 1, 0, (byte) 255, 0};
        assertEquals(4 + 1 + 255 * 255, Planes.sse(a, b, 3, 1, 1, 2, 2));
        assertEquals(9 + 4 + 1 + 255 * 255, Planes.sse(a, b, 3, 0, 0, 3, 3));
        assertEquals(0, Planes.sse(b, b, 3, 0, 0, 3, 3));
    }
}
