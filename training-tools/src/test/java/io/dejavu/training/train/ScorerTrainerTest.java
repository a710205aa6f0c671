package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.training.TrainingException;
import io.dejavu.training.eval.OrtModel;
import io.dejavu.training.eval.Ranking;
import io.dejavu.training.model.OnnxGraphs;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scorer learns from measured gains and its ONNX export gives what DJL gave, in the gains' unit. */
class ScorerTrainerTest {
    private static final int P = 32;

    /** Patches of a flat level plus a little noise; the "gain" grows with the level, in units of 50. */
    private static ScorerSamples samples(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] patches = new float[n * P * P];
        double[] targets = new double[n];
        for (int i = 0; i < n; i++) {
            double level = r.nextDouble();
            for (int j = 0; j < P * P; j++) {
                patches[i * P * P + j] = (float) Math.min(1, Math.max(0, level + (r.nextDouble() - 0.5) * 0.05));
            }
            targets[i] = 50 * level;
        }
        return new ScorerSamples(P, patches, targets);
    }

    @Test
    void learnsToRankByTheGainAndExportsWhatItLearned() {
        ScorerSamples train = samples(512, 1);
        ScorerTrainer.Result r = new ScorerTrainer(P, Duration.ofMinutes(5), 150, 7L).train(train, p -> {});
        assertEquals(150, r.steps());

        // the ONNX export of the weights gives DJL's outputs, already scaled back to the gains' unit
        ReferenceOutputs ref = r.reference();
        try (OrtModel onnx = OrtModel.fromBytes(OnnxGraphs.scorer(r.weights()), 1)) {
            float[] out = onnx.run(ref.input(), ref.shape());
            for (int i = 0; i < out.length; i++) {
                assertEquals(ref.output()[i], out[i], 1e-3 * Math.max(1, Math.abs(ref.output()[i])), "patch " + i);
            }

            // on patches it never saw, the scores order them as their gains do
            ScorerSamples unseen = samples(200, 2);
            float[] scores = onnx.run(unseen.patches(), new long[] {200, 1, P, P});
            double[] s = new double[scores.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = scores[i];
            }
            double rho = Ranking.spearman(s, unseen.targets());
            assertTrue(rho > 0.95, "Spearman " + rho + " between scores and gains of unseen patches");
            // and in the gains' unit (0..50 here), not the standardized one it trained on
            double error = 0;
            for (int i = 0; i < s.length; i++) {
                error += Math.abs(s[i] - unseen.targets()[i]) / s.length;
            }
            assertTrue(error < 2.5, "mean error " + error + " on gains of 0..50");
        }
    }

    @Test
    void refusesTooFewPatchesAndPatchesOfAnotherSize() {
        ScorerTrainer trainer = new ScorerTrainer(P, Duration.ofSeconds(10), 10, 1L);
        TrainingException few = assertThrows(TrainingException.class, () -> trainer.train(samples(63, 1), p -> {}));
        assertEquals("need at least 64 patches to train the scorer, got 63", few.getMessage());
        ScorerSamples small = new ScorerSamples(16, new float[64 * 16 * 16], new double[64]);
        assertThrows(IllegalArgumentException.class, () -> trainer.train(small, p -> {}));
    }
}
