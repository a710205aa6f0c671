package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingProgressTest {
    @ParameterizedTest(name = "step {0}/{1} after {2} ms of {3} ms: {4}")
    @CsvSource(
            textBlock =
                    """
            0,   100, 0,      60000, 0.0
            25,  100, 6000,   60000, 0.25
            10,  100, 30000,  60000, 0.5
            100, 100, 1000,   60000, 1.0
            300, 100, 120000, 60000, 1.0
            50,  0,   15000,  60000, 0.25
            50,  100, 15000,  0,     0.5
            """)
    void theFractionIsWhicheverBudgetIsFurtherAlongAndNeverPastTheEnd(
            int step, int maxSteps, long elapsedMs, long budgetMs, double expected) {
        TrainingProgress p = new TrainingProgress(
                "enhancer", step, maxSteps, Duration.ofMillis(elapsedMs), Duration.ofMillis(budgetMs), 0.1, 0.2);
        assertEquals(expected, p.fraction(), 1e-12);
    }
}
