package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.training.TrainingException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Loss} and {@link DeviceChoice}, as the training commands parse them. */
class ChoiceParsingTest {
    @ParameterizedTest
    @CsvSource({"l1, L1", "L2, L2", "' l2 ', L2"})
    void lossesParseInAnyCase(String text, Loss expected) {
        assertEquals(expected, Loss.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"l3", "mse", ""})
    void anUnknownLossSaysWhatIsExpected(String text) {
        TrainingException e = assertThrows(TrainingException.class, () -> Loss.parse(text));
        assertEquals("unknown loss '" + text + "', expected l1 or l2", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "CPU, CPU", "' gpu', GPU"})
    void devicesParseInAnyCase(String text, DeviceChoice expected) {
        assertEquals(expected, DeviceChoice.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cuda", "tpu", ""})
    void anUnknownDeviceSaysWhatIsExpected(String text) {
        TrainingException e = assertThrows(TrainingException.class, () -> DeviceChoice.parse(text));
        assertEquals("unknown device '" + text + "', expected auto, cpu or gpu", e.getMessage());
    }
}
