package io.dejavu.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.training.TrainingException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArchitectureTest {
    @ParameterizedTest
    @CsvSource({"1, 0", "16, 4", "32, 8", "128, 32"})
    void theLabelParsesBackAndTheRadiusIsTheRuntimes(int channels, int blocks) {
        Architecture a = new Architecture(channels, blocks);
        assertEquals(a, Architecture.parseLabel(a.label()));
        assertEquals(a, Architecture.parseLabel("  " + a.label().replace(" ", "   ") + " "));
        // the receiver cuts its halo tiles by the enhancer module's count of the same graph
        assertEquals(EdsrWeights.identity(channels, blocks).receptiveFieldRadius(), a.receptiveFieldRadius());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            0   | 4  | channels must be 1..128, got 0
            129 | 4  | channels must be 1..128, got 129
            16  | -1 | blocks must be 0..32, got -1
            16  | 33 | blocks must be 0..32, got 33
            """)
    void sizesOutsideTheRangeAreRefused(int channels, int blocks, String message) {
        TrainingException e = assertThrows(TrainingException.class, () -> new Architecture(channels, blocks));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"edsr-y c16", "srcnn c16 b4", "edsr-y 16 4", "edsr-y cX b4", "edsr-y c16 b4 extra", ""})
    void anUnknownLabelShowsAnExample(String label) {
        TrainingException e = assertThrows(TrainingException.class, () -> Architecture.parseLabel(label));
        assertEquals("unknown architecture '" + label + "', expected e.g. 'edsr-y c16 b4'", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"edsr-y c0 b4, 'channels must be 1..128, got 0'", "edsr-y c16 b99, 'blocks must be 0..32, got 99'"})
    void aLabelOfAnImpossibleSizeIsRefusedWithTheSizesReason(String label, String message) {
        TrainingException e = assertThrows(TrainingException.class, () -> Architecture.parseLabel(label));
        assertEquals(message, e.getMessage());
    }
}
