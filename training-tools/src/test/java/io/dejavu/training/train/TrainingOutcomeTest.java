package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.training.eval.EvaluationResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingOutcomeTest {
    private static ModelMetadata metadata(Map<String, Double> metrics) {
        return new ModelMetadata(
                "alice", "edsr-y c16 b4", 10, 32, "vp8", 50, 256, 256, Map.of(), metrics, Instant.EPOCH);
    }

    private static EvaluationResult result(double decoded, double enhanced) {
        return new EvaluationResult(20, 48.2, decoded, enhanced, 0.9, 0.91, 1.0, 3.0, List.of(0.1, -0.2));
    }

    @Test
    void theSummaryComparesWithTheGenericModelRoundedToAThousandthOfADecibel() {
        TrainingOutcome o = new TrainingOutcome(
                Path.of("models", "alice"),
                metadata(Map.of("scorer_spearman", 0.61234, "tv_top25_share", 0.5, "loss_first", 0.3)),
                result(30.0, 30.61234),
                Optional.of(result(30.0, 30.2)),
                420,
                "plateau",
                61.6);
        Map<String, Object> json = o.toJson();
        assertEquals(Path.of("models", "alice").toString(), json.get("model"));
        assertEquals("alice", json.get("caller"));
        assertEquals(20, json.get("frames"));
        assertEquals(0.612, json.get("gain_db"));
        assertEquals(0.2, json.get("generic_gain_db"));
        assertEquals(0.412, json.get("gain_over_generic_db"));
        assertEquals(420, json.get("steps"));
        assertEquals("plateau", json.get("stop"));
        assertEquals(62L, json.get("seconds"));
        assertEquals(0.612, json.get("scorer_spearman"));
        assertEquals(0.5, json.get("tv_top25_share"));
        assertFalse(json.containsKey("loss_first"), "only the scorer's ranking metrics are summarised");
        assertFalse(json.containsKey("scorer_top25_share"), "a metric the model lacks is left out, not null");
    }

    @Test
    void withoutAGenericModelThereIsNothingToCompareWith() {
        TrainingOutcome o = new TrainingOutcome(
                Path.of("m"), metadata(Map.of()), result(31.0, 31.5), Optional.empty(), 10, "step limit 10", 1);
        Map<String, Object> json = o.toJson();
        assertEquals(0.5, json.get("gain_db"));
        assertFalse(json.containsKey("generic_gain_db"));
        assertFalse(json.containsKey("gain_over_generic_db"));
    }
}
