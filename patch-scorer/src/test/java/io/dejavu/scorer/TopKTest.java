package io.dejavu.scorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {
    private final TopK topK = new TopK();

    @Test
    void picksTheHighestScoresInIndexOrder() {
        float[] s = {0.1f, 5f, 3f, -1f, 4f, 0f};
        int[] out = new int[6];
        assertEquals(3, topK.select(s, 6, 3, out));
        assertArrayEquals(new int[] {1, 2, 4}, Arrays.copyOf(out, 3));
    }

    @Test
    void matchesAFullSortOnRandomScores() {
        Random r = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + r.nextInt(300);
            float[] s = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = r.nextInt(20); // many ties
            }
            int k = r.nextInt(n + 1);
            int[] out = new int[n];
            int m = topK.select(s, n, k, out);
            int[] expected = IntStream.range(0, n)
                    .boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i))
                    .limit(k)
                    .mapToInt(Integer::intValue)
                    .sorted()
                    .toArray();
            assertArrayEquals(expected, Arrays.copyOf(out, m), "n=" + n + " k=" + k);
        }
    }

    @Test
    void kOfZeroOrAboveNIsClamped() {
        float[] s = {1f, 2f};
        int[] out = new int[2];
        assertEquals(0, topK.select(s, 2, 0, out));
        assertEquals(2, topK.select(s, 2, 10, out));
        assertArrayEquals(new int[] {0, 1}, out);
    }

    @Test
    void nanRanksLast() {
        float[] s = {Float.NaN, 1f, Float.NaN};
        int[] out = new int[1];
        topK.select(s, 3, 1, out);
        assertEquals(1, out[0]);
    }
}
