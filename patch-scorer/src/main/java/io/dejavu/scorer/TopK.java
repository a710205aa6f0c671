package io.dejavu.scorer;

/**
 * Picks the indices of the k highest scores in linear expected time (quickselect), returned in
 * ascending index order so tiles are read and written in memory order. Reuses its scratch array:
 * one instance per thread.
 *
 * <pre>{@code
 * TopK topK = new TopK();
 * int[] chosen = new int[grid.count()];
 * int k = topK.select(scores, grid.count(), 60, chosen); // chosen[0..k) = best 60 patches
 * }</pre>
 */
public final class TopK {
    private int[] order = new int[0];

    /**
     * Writes the indices of the {@code k} best of {@code scores[0..n)} into {@code out[0..k)} in
     * ascending order; ties go to the lower index. NaN scores rank lowest.
     *
     * @return the number written, {@code min(k, n)}
     */
    public int select(float[] scores, int n, int k, int[] out) {
        if (n < 0 || n > scores.length) {
            throw new IllegalArgumentException("n must be in 0.." + scores.length + ", got " + n);
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int m = Math.min(k, n);
        if (out.length < m) {
            throw new IllegalArgumentException("out has room for " + out.length + ", expected " + m);
        }
        if (m == 0) {
            return 0;
        }
        if (order.length < n) {
            order = new int[n];
        }
        int[] idx = order;
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (m < n) {
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) {
                int pivot = partition(scores, idx, lo, hi, lo + (hi - lo) / 2);
                if (pivot == m - 1) {
                    break;
                } else if (pivot < m - 1) {
                    lo = pivot + 1;
                } else {
                    hi = pivot - 1;
                }
            }
        }
        System.arraycopy(idx, 0, out, 0, m);
        java.util.Arrays.sort(out, 0, m);
        return m;
    }

    /** True when a ranks before b: higher score, then lower index. */
    private static boolean before(float[] s, int a, int b) {
        float sa = Float.isNaN(s[a]) ? Float.NEGATIVE_INFINITY : s[a];
        float sb = Float.isNaN(s[b]) ? Float.NEGATIVE_INFINITY : s[b];
        return sa > sb || (sa == sb && a < b);
    }

    private static int partition(float[] s, int[] idx, int lo, int hi, int pivotPos) {
        int pivot = idx[pivotPos];
        swap(idx, pivotPos, hi);
        int store = lo;
        for (int i = lo; i < hi; i++) {
            if (before(s, idx[i], pivot)) {
                swap(idx, i, store++);
            }
        }
        swap(idx, store, hi);
        return store;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
