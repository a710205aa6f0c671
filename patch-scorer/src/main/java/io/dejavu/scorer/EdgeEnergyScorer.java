package io.dejavu.scorer;

import io.dejavu.enhancer.PatchGrid;
import io.dejavu.protocol.video.I420Frame;

/**
 * Model-free scorer: the total variation (mean absolute horizontal plus vertical luminance
 * difference) of each patch, as in MobiSR. Compression artefacts and lost detail sit on edges and
 * texture, so busy patches gain most from enhancement; flat ones gain little.
 *
 * <pre>{@code
 * PatchScorer scorer = new EdgeEnergyScorer();
 * }</pre>
 */
public final class EdgeEnergyScorer implements PatchScorer {
    @Override
    public String name() {
        return "edge-energy";
    }

    @Override
    public boolean acceptsPatchSize(int patchSize) {
        return patchSize >= 2;
    }

    @Override
    public void score(I420Frame frame, PatchGrid grid, float[] scores) {
        byte[] y = frame.y();
        int w = frame.width();
        int p = grid.patchSize();
        int n = grid.count();
        if (scores.length < n) {
            throw new IllegalArgumentException("scores has room for " + scores.length + ", expected " + n);
        }
        for (int i = 0; i < n; i++) {
            scores[i] = totalVariation(y, w, grid.patchX(i), grid.patchY(i), p);
        }
    }

    /**
     * Total variation of the {@code p x p} window at ({@code x0}, {@code y0}) of a {@code width}-wide
     * luminance plane: the mean absolute difference between horizontal and vertical neighbours, 0 for a
     * flat window. The training tools rank patches with it where a model has no learned scorer.
     */
    public static float totalVariation(byte[] y, int width, int x0, int y0, int p) {
        if (p < 2) {
            throw new IllegalArgumentException("total variation needs a window of at least 2x2, got " + p);
        }
        long sum = 0;
        for (int r = 0; r < p; r++) {
            int row = (y0 + r) * width + x0;
            int below = row + width;
            boolean hasBelow = r + 1 < p;
            int prev = y[row] & 0xff;
            for (int c = 0; c < p; c++) {
                int v = y[row + c] & 0xff;
                if (c > 0) {
                    sum += Math.abs(v - prev);
                }
                if (hasBelow) {
                    sum += Math.abs((y[below + c] & 0xff) - v);
                }
                prev = v;
            }
        }
        return (float) sum / (2f * p * (p - 1));
    }

    @Override
    public void close() {
        // holds no resources
    }
}
