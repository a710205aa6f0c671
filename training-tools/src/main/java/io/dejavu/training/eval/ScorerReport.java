package io.dejavu.training.eval;

import io.dejavu.enhancer.PatchGrid;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.scorer.EdgeEnergyScorer;
import io.dejavu.training.footage.PairSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How well a patch ranking picks the patches worth enhancing, on validation frames: the rank
 * correlation of predicted and actual gains, and the share of the full-frame MSE reduction kept when
 * only the top k of the patches are enhanced, for the learned scorer, total variation, random
 * choice and an oracle that knows the actual gains.
 */
public final class ScorerReport {
    /** The fractions reported. */
    public static final double[] KS = {0.10, 0.25, 0.50};

    private ScorerReport() {}

    /**
     * Computes the report.
     *
     * @param scorer evaluator whose {@link Evaluator#score} uses the learned scorer
     * @param pairs validation pairs
     * @param enhanced full-frame enhancement of each decoded frame
     * @param p patch side
     * @param seed seed of the random baseline
     * @return metrics named {@code scorer_spearman}, {@code <ranking>_top<k>_share} (ranking one of
     *     scorer, tv, random, oracle) and {@code patches_worse_share}
     */
    public static Map<String, Double> compute(
            Evaluator scorer, PairSet pairs, List<byte[]> enhanced, int p, long seed) {
        FrameSize size = pairs.size();
        PatchGrid grid = scorer.grid(size);
        if (grid.patchSize() != p) {
            throw new IllegalArgumentException("the scorer cuts " + grid.patchSize() + "-pixel patches, not " + p);
        }
        int cells = grid.count();
        List<Double> predicted = new ArrayList<>();
        List<Double> actual = new ArrayList<>();
        double[][] kept = new double[4][KS.length];
        double total = 0;
        int worse = 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (int f = 0; f < pairs.frames(); f++) {
            byte[] org = pairs.original().get(f);
            byte[] dec = pairs.decoded().get(f);
            byte[] enh = enhanced.get(f);
            double[] gain = new double[cells];
            double[] tv = new double[cells];
            double[] rnd = new double[cells];
            for (int c = 0; c < cells; c++) {
                int x = grid.patchX(c);
                int y = grid.patchY(c);
                gain[c] =
                        Planes.sse(org, dec, size.width(), x, y, p, p) - Planes.sse(org, enh, size.width(), x, y, p, p);
                tv[c] = EdgeEnergyScorer.totalVariation(dec, size.width(), x, y, p);
                rnd[c] = random.nextDouble();
                total += gain[c];
                if (gain[c] < 0) {
                    worse++;
                }
            }
            double[] pred = scorer.score(dec, size, grid);
            for (int c = 0; c < cells; c++) {
                predicted.add(pred[c]);
                actual.add(gain[c] / (p * p));
            }
            double[][] rankings = {pred, tv, rnd, gain};
            for (int r = 0; r < rankings.length; r++) {
                for (int k = 0; k < KS.length; k++) {
                    int count = (int) Math.ceil(KS[k] * cells);
                    for (int idx : Ranking.topK(rankings[r], count)) {
                        kept[r][k] += gain[idx];
                    }
                }
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(
                "scorer_spearman",
                Ranking.spearman(
                        predicted.stream().mapToDouble(Double::doubleValue).toArray(),
                        actual.stream().mapToDouble(Double::doubleValue).toArray()));
        String[] names = {"scorer", "tv", "random", "oracle"};
        for (int r = 0; r < names.length; r++) {
            for (int k = 0; k < KS.length; k++) {
                m.put(names[r] + "_top" + Math.round(KS[k] * 100) + "_share", total > 0 ? kept[r][k] / total : 0.0);
            }
        }
        m.put("patches_worse_share", (double) worse / Math.max(1, cells * pairs.frames()));
        return m;
    }
}
