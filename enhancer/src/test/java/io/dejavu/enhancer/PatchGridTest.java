package io.dejavu.enhancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatchGridTest {

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            640, 360, 32, 10, 20, 12
            1280, 720, 64, 10, 20, 12
            100, 60, 32, 10, 4, 2
            """)
    void coversTheFrameWithEqualSizedPatches(int w, int h, int p, int halo, int cols, int rows) {
        PatchGrid g = new PatchGrid(w, h, p, halo);
        assertEquals(cols, g.columns());
        assertEquals(rows, g.rows());
        int[] all = new int[g.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
            assertTrue(g.patchX(i) + p <= w && g.patchY(i) + p <= h, "patch " + i + " inside");
            assertTrue(g.tileX(i) >= 0 && g.tileX(i) + g.tileWidth() <= w, "tile " + i + " inside");
            assertTrue(g.tileY(i) >= 0 && g.tileY(i) + g.tileHeight() <= h, "tile " + i + " inside");
            assertTrue(g.patchX(i) >= g.tileX(i) && g.patchX(i) + p <= g.tileX(i) + g.tileWidth());
        }
        assertEquals(1.0, g.coverage(all, all.length), 1e-12);
    }

    @Test
    void lastColumnOverlapsInsteadOfShrinking() {
        PatchGrid g = new PatchGrid(100, 64, 32, 4);
        assertEquals(68, g.patchX(3));
        assertEquals(32, g.patchY(4 + 3));
    }

    @Test
    void interiorTilesKeepAFullHalo() {
        PatchGrid g = new PatchGrid(640, 360, 32, 10);
        int i = g.columns() * 3 + 5;
        assertEquals(g.patchX(i) - 10, g.tileX(i));
        assertEquals(g.patchY(i) - 10, g.tileY(i));
        assertEquals(52, g.tileWidth());
    }

    @Test
    void rejectsPatchLargerThanFrame() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PatchGrid(64, 48, 64, 2));
        assertEquals("patchSize must be in 1..48 for a 64x48 frame, got 64", e.getMessage());
    }
}
