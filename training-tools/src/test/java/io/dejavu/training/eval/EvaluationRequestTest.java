package io.dejavu.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.protocol.model.ModelTier;
import io.dejavu.training.TrainingException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvaluationRequestTest {
    private static EvaluationRequest request(double k, int maxFrames, int threads, boolean report, ModelTier tier) {
        return new EvaluationRequest(
                Path.of("m"),
                Path.of("v.mp4"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                k,
                maxFrames,
                threads,
                report,
                tier);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            0    | 10 | 1 | false | CPU | --k must be in (0, 1] (1 = full frame), got 0.0
            1.01 | 10 | 1 | false | CPU | --k must be in (0, 1] (1 = full frame), got 1.01
            NaN  | 10 | 1 | false | CPU | --k must be in (0, 1] (1 = full frame), got NaN
            1    | 0  | 1 | false | CPU | --max-frames must be positive, got 0
            1    | 10 | 0 | false | CPU | --threads must be positive, got 0
            1    | 10 | 1 | true  | GPU | --scorer-report ranks patches by the cpu tier's gains; run it without --tier
            """)
    void badOptionsAreRefusedInTheCommandsWords(
            double k, int maxFrames, int threads, boolean report, ModelTier tier, String message) {
        TrainingException e = assertThrows(TrainingException.class, () -> request(k, maxFrames, threads, report, tier));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aRequestWithoutAnotherModelMeasuresOneModel() {
        EvaluationRequest r = request(0.25, 1, 1, false, ModelTier.GPU);
        assertEquals(Optional.empty(), r.versus());
        assertEquals(0.25, r.k());
        assertEquals(ModelTier.GPU, r.tier());
    }
}
