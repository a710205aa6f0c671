package io.dejavu.training.eval;

import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.footage.PairSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enhances decoded frames with ONNX Runtime, full frame or top-k patches, and measures the gain.
 *
 * <p>Top-k: the frame is cut into {@code P x P} cells; the scorer (or, without one, total
 * variation) ranks them; each chosen cell is enhanced with a halo of the model's receptive-field
 * radius (clipped at the frame edge, where the network's own zero padding applies), so the result
 * inside the cell equals full-frame enhancement; cells of the same halo shape run as one batch.
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

    /** Scores of every cell of a decoded frame: the scorer's output, or total variation without one. */
    public double[] score(byte[] dec, FrameSize size, List<PatchGrid.Cell> cells) {
        double[] s = new double[cells.size()];
        int p = patchSize;
        if (scorer.isPresent()) {
            float[] in = new float[cells.size() * p * p];
            for (int c = 0; c < cells.size(); c++) {
                PatchGrid.Cell cell = cells.get(c);
                Planes.crop(dec, size.width(), cell.sx(), cell.sy(), p, p, in, c * p * p);
            }
            float[] out = scorer.get().run(in, new long[] {cells.size(), 1, p, p});
            for (int c = 0; c < s.length; c++) {
                s[c] = out[c];
            }
        } else {
            for (int c = 0; c < s.length; c++) {
                s[c] = PatchGrid.totalVariation(dec, size.width(), cells.get(c), p);
            }
        }
        return s;
    }

    private byte[] enhanceTopK(byte[] dec, FrameSize size, double k) {
        int w = size.width();
        int h = size.height();
        List<PatchGrid.Cell> cells = PatchGrid.cells(w, h, patchSize);
        double[] scores = score(dec, size, cells);
        int count = (int) Math.ceil(k * cells.size());
        int[] chosen = Ranking.topK(scores, count);
        byte[] out = dec.clone();
        // Group chosen cells by halo window shape so each group runs as one batch.
        Map<Long, List<int[]>> groups = new HashMap<>();
        for (int idx : chosen) {
            PatchGrid.Cell c = cells.get(idx);
            int x0 = Math.max(0, c.x() - radius);
            int y0 = Math.max(0, c.y() - radius);
            int x1 = Math.min(w, c.x() + c.w() + radius);
            int y1 = Math.min(h, c.y() + c.h() + radius);
            long key = ((long) (x1 - x0) << 32) | (y1 - y0);
            groups.computeIfAbsent(key, kk -> new ArrayList<>()).add(new int[] {idx, x0, y0});
        }
        for (Map.Entry<Long, List<int[]>> g : groups.entrySet()) {
            int ww = (int) (g.getKey() >> 32);
            int hh = (int) (g.getKey() & 0xFFFFFFFFL);
            List<int[]> members = g.getValue();
            float[] in = new float[members.size() * ww * hh];
            for (int m = 0; m < members.size(); m++) {
                int[] e = members.get(m);
                Planes.crop(dec, w, e[1], e[2], ww, hh, in, m * ww * hh);
            }
            float[] res = enhancer.run(in, new long[] {members.size(), 1, hh, ww});
            for (int m = 0; m < members.size(); m++) {
                int[] e = members.get(m);
                PatchGrid.Cell c = cells.get(e[0]);
                for (int y = c.y(); y < c.y() + c.h(); y++) {
                    for (int x = c.x(); x < c.x() + c.w(); x++) {
                        float v = res[m * ww * hh + (y - e[2]) * ww + (x - e[1])];
                        out[y * w + x] = (byte) Math.max(0, Math.min(255, Math.round(v * 255f)));
                    }
                }
            }
        }
        return out;
    }
}
