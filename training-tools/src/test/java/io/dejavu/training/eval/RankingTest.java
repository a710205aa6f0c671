package io.dejavu.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTest {
    @Test
    void spearmanIsOneForMonotoneAndMinusOneForReversedSeries() {
        double[] a = {1, 2, 3, 4, 5};
        assertEquals(1.0, Ranking.spearman(a, new double[] {10, 20, 35, 36, 100}), 1e-12);
        assertEquals(-1.0, Ranking.spearman(a, new double[] {5, 4, 3, 2, 1}), 1e-12);
    }

    @Test
    void topKPicksTheLargestScores() {
        int[] top = Ranking.topK(new double[] {0.1, 5, -2, 3, 4}, 2);
        assertArrayEquals(new int[] {1, 4}, top);
    }

    @Test
    void gridCoversOddSizedFramesWithClippedEdgeCellsScoredInsideTheFrame() {
        List<PatchGrid.Cell> cells = PatchGrid.cells(80, 40, 32);
        assertEquals(6, cells.size());
        PatchGrid.Cell corner = cells.get(5);
        assertEquals(64, corner.x());
        assertEquals(16, corner.w());
        assertEquals(8, corner.h());
        assertEquals(48, corner.sx());
        assertEquals(8, corner.sy());
    }
}
