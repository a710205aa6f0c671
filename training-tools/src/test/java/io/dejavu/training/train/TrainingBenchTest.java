package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.training.model.Architecture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingBenchTest {
    @Test
    void countsTheWeightsOfEdsrYSoThatThe32x8ModelIsAbout8TimesThe16x4One() {
        assertEquals(18_865, TrainingBench.parameters(Architecture.DEFAULT));
        double ratio = (double) TrainingBench.parameters(new Architecture(32, 8))
                / TrainingBench.parameters(Architecture.DEFAULT);
        assertTrue(ratio > 7.5 && ratio < 8.5, "ratio " + ratio);
    }

    @Test
    void timesOnlyTheStepsAfterTheWarmUpForEveryModelAndBatch() {
        TrainingBench bench =
                new TrainingBench(DjlEngine.trainingDevice(), 16, 10, 20, Duration.ofSeconds(60)); // rounded to 25s
        // The product's model at real batch sizes: a 4-channel, 1-block model at batch 2 once ran into
        // 8 non-finite gradients in a row here (PyTorch 2.7.1's CPU convolution backward, see
        // PERFORMANCE.md), which is not what this test is about.
        List<TrainingBench.Row> rows = bench.run(List.of(Architecture.DEFAULT), List.of(8, 16));

        assertEquals(2, rows.size());
        assertEquals(List.of(8, 16), rows.stream().map(TrainingBench.Row::batch).toList());
        for (TrainingBench.Row r : rows) {
            assertEquals(25, r.steps());
            assertTrue(r.seconds() > 0 && r.stepsPerSecond() > 0, r.toString());
        }
    }
}
