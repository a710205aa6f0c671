package io.dejavu.training.train;

import io.dejavu.enhancer.PatchGrid;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.eval.Planes;
import java.util.List;

/**
 * Scorer training data: decoded {@code P x P} patches ({@code Y/255}) and what enhancing each one
 * actually gained, as the reduction of its mean squared error in 8-bit units (the quantity whose
 * sum over the chosen patches is the frame's MSE reduction, which top-k must maximise).
 *
 * @param patchSize P
 * @param patches {@code count * P * P} values
 * @param targets one gain per patch
 */
public record ScorerSamples(int patchSize, float[] patches, double[] targets) {
    public ScorerSamples {
        if (patches.length != targets.length * patchSize * patchSize) {
            throw new IllegalArgumentException("patch data of " + patches.length + " values does not fit "
                    + targets.length + " patches of " + patchSize + "x" + patchSize);
        }
    }

    public int count() {
        return targets.length;
    }

    /** Root mean square of the targets (never 0), used to standardize them during training. */
    public double targetScale() {
        double s = 0;
        for (double t : targets) {
            s += t * t;
        }
        double rms = Math.sqrt(s / Math.max(1, targets.length));
        return rms > 1e-9 ? rms : 1.0;
    }

    /**
     * Samples from frames: every patch of the receiver's grid (the last column and row overlap their
     * neighbours, as at run time), each with the gain full-frame enhancement brings inside it.
     *
     * @param original original Y planes
     * @param decoded decoded Y planes
     * @param enhanced enhanced Y planes (full-frame enhancement of {@code decoded})
     */
    public static ScorerSamples fromFrames(
            FrameSize size, int p, List<byte[]> original, List<byte[]> decoded, List<byte[]> enhanced) {
        PatchGrid grid = new PatchGrid(size.width(), size.height(), p, 0);
        int n = grid.count() * original.size();
        float[] patches = new float[n * p * p];
        double[] targets = new double[n];
        int k = 0;
        for (int f = 0; f < original.size(); f++) {
            for (int c = 0; c < grid.count(); c++) {
                int x = grid.patchX(c);
                int y = grid.patchY(c);
                long before = Planes.sse(original.get(f), decoded.get(f), size.width(), x, y, p, p);
                long after = Planes.sse(original.get(f), enhanced.get(f), size.width(), x, y, p, p);
                targets[k] = (double) (before - after) / (p * p);
                Planes.crop(decoded.get(f), size.width(), x, y, p, p, patches, k * p * p);
                k++;
            }
        }
        return new ScorerSamples(p, patches, targets);
    }
}
