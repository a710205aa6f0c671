package io.dejavu.learning.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuardTest {
    @ParameterizedTest(name = "new {0}, current {1}, generic {2}: accepted {3}")
    @CsvSource(
            textBlock =
                    """
            0.80, 0.50, 0.50, true
            0.80, 0.79, 0.50, true
            0.50, 0.80, 0.50, false
            0.50, 0.50, 0.40, false
            0.503, 0.50, 0.40, false
            0.60, 0.40, 0.70, false
            -0.10, -0.50, -0.20, true
            NaN, 0.0, 0.0, false
            """)
    void acceptsOnlyAVersionThatBeatsTheCurrentAndTheGenericModel(
            double gain, double current, double generic, boolean accepted) {
        assertEquals(accepted, Guard.refusal(gain, current, generic).isEmpty());
    }
}
