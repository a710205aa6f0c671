package io.dejavu.training.footage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestClips;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pairs that carry the previous decoded frame, for the temporal experiment (ADR 0509). */
class TemporalPairsTest {
    private static final FrameSize SIZE = new FrameSize(32, 32);

    @Test
    void eachPairOfARealClipCarriesTheFrameDecodedBeforeItAndTheFirstItself() throws Exception {
        Footage f = FootageReader.read(
                TestClips.write(SampleFootage.tempDir("temporal").resolve("c.mkv"), 64, 48, 10, 12),
                Optional.empty(),
                12);
        PairSet plain = PairMaker.FFMPEG.make(f, Codec.VP8, 200).pairs();
        assertFalse(plain.hasPrevious());
        assertSame(plain.decoded().get(3), plain.previousOf(3), "without previous frames a pair is its own");

        PairSet p = plain.withPrevious();
        assertTrue(p.hasPrevious());
        assertEquals(plain.decoded(), p.decoded());
        assertArrayEquals(p.decoded().get(0), p.previousOf(0), "the first frame has no other before it");
        for (int t = 1; t < p.frames(); t++) {
            assertArrayEquals(p.decoded().get(t - 1), p.previousOf(t), "frame " + t);
            // the pattern moves: the previous decoded frame is another picture, not the current one
            assertFalse(Arrays.equals(p.decoded().get(t), p.previousOf(t)), "frame " + t);
        }
    }

    @Test
    void previousFramesFollowTheirPairsThroughSpreadSliceTilesAndConcat() {
        PairSet s = numbered(10).withPrevious();
        PairSet spread = s.spread(4); // pairs 0, 2, 5, 7
        int[] before = {100, 101, 104, 106};
        for (int i = 0; i < 4; i++) {
            assertEquals(before[i], spread.previousOf(i)[0], "spread pair " + i);
        }
        PairSet slice = s.slice(7, 10);
        assertEquals(106, slice.previousOf(0)[0], "a slice keeps the frame before its start");
        PairSet tiles = s.tiles(new FrameSize(16, 16));
        assertEquals(40, tiles.frames());
        assertEquals(100 + 4, tiles.previousOf(5 * 4)[0], "tiles of frame 5 carry tiles of frame 4");
        PairSet joined = PairSet.concat(SIZE, List.of(s.slice(0, 2), s.slice(5, 6)));
        assertEquals(104, joined.previousOf(2)[0]);
        assertFalse(PairSet.concat(SIZE, List.of(s, numbered(2))).hasPrevious(), "all sets carry them, or none");
    }

    @Test
    void previousFramesMustMatchTheirPairs() {
        byte[] plane = new byte[SIZE.pixels()];
        assertThrows(
                IllegalArgumentException.class,
                () -> new PairSet(SIZE, List.of(plane), List.of(plane), List.of(plane, plane)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PairSet(SIZE, List.of(plane), List.of(plane), List.of(new byte[3])));
    }

    /** {@code n} pairs whose planes are filled with their index (original) and index + 100 (decoded). */
    private static PairSet numbered(int n) {
        List<byte[]> o = new ArrayList<>();
        List<byte[]> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] a = new byte[SIZE.pixels()];
            byte[] b = new byte[SIZE.pixels()];
            Arrays.fill(a, (byte) i);
            Arrays.fill(b, (byte) (i + 100));
            o.add(a);
            d.add(b);
        }
        return new PairSet(SIZE, o, d);
    }
}
