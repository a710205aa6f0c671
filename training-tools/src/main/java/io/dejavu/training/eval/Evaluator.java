package io.dejavu.training.eval;

import io.dejavu.enhancer.PatchGrid;
import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.scorer.EdgeEnergyScorer;
import io.dejavu.training.footage.PairSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Enhances decoded frames with ONNX Runtime, full frame or top-k patches, and measures the gain.
 *
 * <p>Top-k: the frame is cut into the receiver's {@link PatchGrid} of {@code P x P} patches; the
 * scorer (or, without one, the runtime's total variation, {@link EdgeEnergyScorer#totalVariation})
 * ranks them; each chosen patch is enhanced on its tile (the patch with a halo of the model's
 * receptive-field radius, shifted to stay inside the frame), so the result inside the patch equals
 * full-frame enhancement; all tiles have one shape and run as one batch.
 *
 * <pre>{@code
 * try (OrtModel enh = OrtModel.load(dir.resolve("enhancer.onnx"), 2)) {
 *     EvaluationResult r = new Evaluator(enh, Optional.empty(), 32, 10).evaluate(pairs, 1.0, 48.0);
 * }
 * }</pre>
 */
public final class Evaluator {
    private final OrtModel enhancer;
    private final Optional<OrtModel> scorer;
    private final int patchSize;
    private final int radius;

    public Evaluator(OrtModel enhancer, Optional<OrtModel> scorer, int patchSize, int radius) {
        this.enhancer = enhancer;
        this.scorer = scorer;
        this.patchSize = patchSize;
        this.radius = radius;
    }

    /** Evaluates all pairs; {@code k = 1} enhances full frames. */
    public EvaluationResult evaluate(PairSet pairs, double k, double bitrateKbps) {
        return evaluate(pairs, k, bitrateKbps, null);
    }

    /**
     * Evaluates all pairs and, when {@code enhancedOut} is not null, adds each enhanced plane to it.
     */
    public EvaluationResult evaluate(PairSet pairs, double k, double bitrateKbps, List<byte[]> enhancedOut) {
        if (!(k > 0 && k <= 1)) {
            throw new IllegalArgumentException("k must be in (0, 1], got " + k);
        }
        FrameSize size = pairs.size();
        double psnrD = 0, psnrE = 0, ssimD = 0, ssimE = 0;
        long nanos = 0;
        List<Double> gains = new ArrayList<>();
        for (int i = 0; i < pairs.frames(); i++) {
            byte[] org = pairs.original().get(i);
            byte[] dec = pairs.decoded().get(i);
            long t0 = System.nanoTime();
            byte[] enh = k >= 1 || size.width() < patchSize || size.height() < patchSize
                    ? enhancer.enhanceY(dec, size.width(), size.height())
                    : enhanceTopK(dec, size, k);
            nanos += System.nanoTime() - t0;
            double pd = Quality.psnr(org, dec);
            double pe = Quality.psnr(org, enh);
            psnrD += pd;
            psnrE += pe;
            ssimD += Quality.ssim(org, dec, size.width());
            ssimE += Quality.ssim(org, enh, size.width());
            gains.add(pe - pd);
            if (enhancedOut != null) {
                enhancedOut.add(enh);
            }
        }
        int n = Math.max(1, pairs.frames());
        return new EvaluationResult(
                pairs.frames(), bitrateKbps, psnrD / n, psnrE / n, ssimD / n, ssimE / n, k, nanos / 1e6 / n, gains);
    }

    /** The grid this evaluator cuts a frame of {@code size} into, with the model's halo. */
    public PatchGrid grid(FrameSize size) {
        return new PatchGrid(size.width(), size.height(), patchSize, radius);
    }

    /** Scores of every patch of a decoded frame: the scorer's output, or total variation without one. */
    public double[] score(byte[] dec, FrameSize size, PatchGrid grid) {
        if (grid.patchSize() != patchSize || grid.width() != size.width() || grid.height() != size.height()) {
            throw new IllegalArgumentException(
                    "grid " + grid + " does not cut " + size + " frames into " + patchSize + "-pixel patches");
        }
        int n = grid.count();
        double[] s = new double[n];
        int p = patchSize;
        if (scorer.isPresent()) {
            float[] in = new float[n * p * p];
            for (int c = 0; c < n; c++) {
                Planes.crop(dec, size.width(), grid.patchX(c), grid.patchY(c), p, p, in, c * p * p);
            }
            float[] out = scorer.get().run(in, new long[] {n, 1, p, p});
            for (int c = 0; c < n; c++) {
                s[c] = out[c];
            }
        } else {
            for (int c = 0; c < n; c++) {
                s[c] = EdgeEnergyScorer.totalVariation(dec, size.width(), grid.patchX(c), grid.patchY(c), p);
            }
        }
        return s;
    }

    private byte[] enhanceTopK(byte[] dec, FrameSize size, double k) {
        int w = size.width();
        PatchGrid grid = grid(size);
        double[] scores = score(dec, size, grid);
        int[] chosen = Ranking.topK(scores, (int) Math.ceil(k * grid.count()));
        int tw = grid.tileWidth();
        int th = grid.tileHeight();
        int tile = tw * th;
        float[] in = new float[chosen.length * tile];
        for (int m = 0; m < chosen.length; m++) {
            Planes.crop(dec, w, grid.tileX(chosen[m]), grid.tileY(chosen[m]), tw, th, in, m * tile);
        }
        float[] res = enhancer.run(in, new long[] {chosen.length, 1, th, tw});
        byte[] out = dec.clone();
        int p = patchSize;
        for (int m = 0; m < chosen.length; m++) {
            int i = chosen[m];
            int dx = grid.patchX(i) - grid.tileX(i);
            int dy = grid.patchY(i) - grid.tileY(i);
            for (int y = 0; y < p; y++) {
                int src = m * tile + (dy + y) * tw + dx;
                int dst = (grid.patchY(i) + y) * w + grid.patchX(i);
                for (int x = 0; x < p; x++) {
                    out[dst + x] = (byte) Math.max(0, Math.min(255, Math.round(res[src + x] * 255f)));
                }
            }
        }
        return out;
    }
}
