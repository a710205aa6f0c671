package io.dejavu.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
