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
            int x0 = grid.patchX(i);
            int y0 = grid.patchY(i);
            long sum = 0;
            for (int r = 0; r < p; r++) {
                int row = (y0 + r) * w + x0;
                int below = row + w;
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
            scores[i] = (float) sum / (2f * p * (p - 1));
        }
    }

    @Override
    public void close() {
        // holds no resources
    }
}
