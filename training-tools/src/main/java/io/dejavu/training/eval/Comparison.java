package io.dejavu.training.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Another model measured on the same decoded frames as the evaluated one (whole frames), and the
 * evaluated model's margin over it. Two separate evaluations record two calls, whose decoded
 * frames differ; here both models see the same ones, so the margin carries none of that spread.
 *
 * @param model the other bundle
 * @param gainDb its mean PSNR-Y gain on these frames
 * @param marginDb the evaluated model's mean gain minus {@code gainDb}
 * @param quarterMarginsDb the margin over each quarter of the frames, in order: how steady it is
 *     along the clip
 */
public record Comparison(Path model, double gainDb, double marginDb, List<Double> quarterMarginsDb) {
    public Comparison {
        quarterMarginsDb = List.copyOf(quarterMarginsDb);
    }

    /**
     * From per-frame gains of both models on the same frames.
     *
     * @throws IllegalArgumentException if the lists differ in length or are empty
     */
    public static Comparison of(Path model, List<Double> evaluatedGains, List<Double> otherGains) {
        int n = evaluatedGains.size();
        if (n == 0 || otherGains.size() != n) {
            throw new IllegalArgumentException(
                    "need the same frames for both models, got " + n + " and " + otherGains.size());
        }
        List<Double> quarters = new ArrayList<>();
        int parts = Math.min(4, n);
        for (int q = 0; q < parts; q++) {
            int from = q * n / parts;
            int to = (q + 1) * n / parts;
            quarters.add(mean(evaluatedGains, from, to) - mean(otherGains, from, to));
        }
        double other = mean(otherGains, 0, n);
        return new Comparison(model, other, mean(evaluatedGains, 0, n) - other, quarters);
    }

    private static double mean(List<Double> values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values.get(i);
        }
        return sum / (to - from);
    }
}
