package io.dejavu.app.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.protocol.video.I420Frame;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class I420ToArgbTest {
    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            # y,  u,   v,   argb (BT.601 studio range)
            235, 128, 128, ffffffff
            16,  128, 128, ff000000
            126, 128, 128, ff808080
            81,  90,  240, ffff0000
            145, 54,  34,  ff00ff00
            41,  240, 110, ff0000ff
            """)
    void convertsKnownColours(int y, int u, int v, String argb) {
        I420Frame frame = solid(4, 2, y, u, v);
        int[] out = new int[8];
        I420ToArgb.convert(frame, out);
        int expected = (int) Long.parseLong(argb, 16);
        for (int px : out) {
            assertClose(expected, px);
        }
    }

    @org.junit.jupiter.api.Test
    void refusesAShortBuffer() {
        assertThrows(IllegalArgumentException.class, () -> I420ToArgb.convert(I420Frame.blank(4, 2), new int[7]));
    }

    private static void assertClose(int expected, int actual) {
        for (int shift = 0; shift <= 24; shift += 8) {
            int e = (expected >>> shift) & 0xff;
            int a = (actual >>> shift) & 0xff;
            assertEquals(e, a, 2, "channel at bit " + shift + " of " + Integer.toHexString(actual));
        }
    }

    static I420Frame solid(int w, int h, int y, int u, int v) {
        byte[] yp = new byte[w * h];
        byte[] up = new byte[I420Frame.chromaLength(w, h)];
        byte[] vp = new byte[up.length];
        Arrays.fill(yp, (byte) y);
        Arrays.fill(up, (byte) u);
        Arrays.fill(vp, (byte) v);
        return new I420Frame(w, h, yp, up, vp, 0, I420Frame.NO_INDEX);
    }
}
