package io.dejavu.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.TestFrames;
import io.dejavu.training.footage.PairSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScorerReportTest {
    /** Three patches of 32 side by side. */
    private static final FrameSize SIZE = new FrameSize(96, 32);

    @Test
    void onlyTheDamagedBusyPatchGainsAndBothOracleAndTotalVariationFindIt() {
        // flat picture; the codec smeared noise into the middle patch, which enhancement removes again
        byte[] original = I420Frame.blank(96, 32).y();
        byte[] decoded = TestFrames.flatWithBusySquare(96, 32, 36, 4, 24, 9).y();
        PairSet pairs = new PairSet(SIZE, List.of(original), List.of(decoded));
        try (OrtModel m = OrtModel.fromBytes(OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1)), 1)) {
            Evaluator ranking = new Evaluator(m, Optional.empty(), 32, 4);
            Map<String, Double> r = ScorerReport.compute(ranking, pairs, List.of(original), 32, 1);

            // the top 10 % is one patch of three: the middle one holds all of the gain
            assertEquals(1.0, r.get("oracle_top10_share"), 1e-12);
            assertEquals(1.0, r.get("tv_top10_share"), 1e-12);
            // without a learned scorer the evaluator ranks by total variation too
            assertEquals(1.0, r.get("scorer_top10_share"), 1e-12);
            assertEquals(0.0, r.get("patches_worse_share"), 1e-12);
            assertTrue(r.get("scorer_spearman") > 0.5, r.toString());
            for (String ranking2 : List.of("scorer", "tv", "random", "oracle")) {
                for (String k : List.of("10", "25", "50")) {
                    double share = r.get(ranking2 + "_top" + k + "_share");
                    assertTrue(share >= 0 && share <= 1, ranking2 + " top " + k + ": " + share);
                }
            }
        }
    }

    @Test
    void patchSizeMustBeTheEvaluators() {
        byte[] plane = new byte[SIZE.pixels()];
        PairSet pairs = new PairSet(SIZE, List.of(plane), List.of(plane));
        try (OrtModel m = OrtModel.fromBytes(OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1)), 1)) {
            Evaluator ranking = new Evaluator(m, Optional.empty(), 32, 4);
            assertThrows(
                    IllegalArgumentException.class, () -> ScorerReport.compute(ranking, pairs, List.of(plane), 16, 1));
        }
    }
}
