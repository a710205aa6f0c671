package io.dejavu.training.footage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.protocol.video.FrameSize;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairSetTest {
    private static final FrameSize SIZE = new FrameSize(16, 16);

    /** {@code n} pairs whose planes are filled with their index (original) and index + 100 (decoded). */
    private static PairSet numbered(int n) {
        List<byte[]> o = new ArrayList<>();
        List<byte[]> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] a = new byte[SIZE.pixels()];
            byte[] b = new byte[SIZE.pixels()];
            java.util.Arrays.fill(a, (byte) i);
            java.util.Arrays.fill(b, (byte) (i + 100));
            o.add(a);
            d.add(b);
        }
        return new PairSet(SIZE, o, d);
    }

    @Test
    void spreadPicksPairsEvenlyOverTheSetAndKeepsThemPaired() {
        PairSet s = numbered(10).spread(4);
        assertEquals(4, s.frames());
        int[] expected = {0, 2, 5, 7};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], s.original().get(i)[0]);
            assertEquals(expected[i] + 100, s.decoded().get(i)[0]);
        }
        PairSet all = numbered(3);
        assertSame(all, all.spread(3));
    }

    @Test
    void concatKeepsTheOrderAndRefusesAnotherSize() {
        PairSet c = PairSet.concat(SIZE, List.of(numbered(2), numbered(3)));
        assertEquals(5, c.frames());
        assertEquals(1, c.original().get(1)[0]);
        assertEquals(0, c.original().get(2)[0]);
        PairSet other = new PairSet(new FrameSize(32, 16), List.of(), List.of());
        assertThrows(IllegalArgumentException.class, () -> PairSet.concat(SIZE, List.of(other)));
    }

    @Test
    void pairsMustMatchInCountAndSize() {
        byte[] plane = new byte[SIZE.pixels()];
        assertThrows(IllegalArgumentException.class, () -> new PairSet(SIZE, List.of(plane), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PairSet(SIZE, List.of(plane), List.of(new byte[10])));
    }
}
