package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.training.TrainingException;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.model.OnnxGraphs;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnhancerTrainingOptionsTest {
    private static EnhancerTrainingOptions options(
            int patch, int batch, float lr, int steps, long seconds, int evalEvery, int patience) {
        return new EnhancerTrainingOptions(
                Architecture.DEFAULT,
                Loss.L1,
                patch,
                batch,
                lr,
                steps,
                Duration.ofSeconds(seconds),
                1,
                evalEvery,
                patience,
                Optional.empty());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            7   | 16   | 0.001 | 10 | 60 | 200 | 8 | patch size must be 8..256, got 7
            257 | 16   | 0.001 | 10 | 60 | 200 | 8 | patch size must be 8..256, got 257
            48  | 0    | 0.001 | 10 | 60 | 200 | 8 | batch size must be 1..1024, got 0
            48  | 1025 | 0.001 | 10 | 60 | 200 | 8 | batch size must be 1..1024, got 1025
            48  | 16   | 0     | 10 | 60 | 200 | 8 | learning rate must be in (0, 1), got 0.0
            48  | 16   | 1     | 10 | 60 | 200 | 8 | learning rate must be in (0, 1), got 1.0
            48  | 16   | NaN   | 10 | 60 | 200 | 8 | learning rate must be in (0, 1), got NaN
            48  | 16   | 0.001 | 0  | 60 | 200 | 8 | max steps must be positive, got 0
            48  | 16   | 0.001 | 10 | 0  | 200 | 8 | max time must be positive, got PT0S
            48  | 16   | 0.001 | 10 | -5 | 200 | 8 | max time must be positive, got PT-5S
            48  | 16   | 0.001 | 10 | 60 | 0   | 8 | evalEvery and patience must be positive, got 0, 8
            48  | 16   | 0.001 | 10 | 60 | 200 | 0 | evalEvery and patience must be positive, got 200, 0
            """)
    void badValuesAreRefusedNamingTheValue(
            int patch, int batch, float lr, int steps, long seconds, int evalEvery, int patience, String message) {
        TrainingException e = assertThrows(
                TrainingException.class, () -> options(patch, batch, lr, steps, seconds, evalEvery, patience));
        assertEquals(message, e.getMessage());
    }

    @Test
    void theEdgesOfEachRangeAreAccepted() {
        options(8, 1, 1e-6f, 1, 1, 1, 1);
        options(256, 1024, 0.999f, Integer.MAX_VALUE, 1, 1, 1);
    }

    @Test
    void aBaseModelOfAnotherSizeSaysWhichOptionsToPass() {
        EnhancerTrainingOptions o = EnhancerTrainingOptions.defaults(Duration.ofMinutes(1), 1);
        var small = Optional.of(OnnxGraphs.fromShared(EdsrWeights.random(8, 2, 1L)));
        TrainingException e = assertThrows(TrainingException.class, () -> o.withInit(small));
        assertEquals(
                "base model is edsr-y c8 b2 but training asks for edsr-y c16 b4; pass matching"
                        + " --channels/--blocks or --from-scratch",
                e.getMessage());
    }

    @Test
    void eachWitherChangesItsOwnFieldsOnly() {
        EnhancerTrainingOptions d = EnhancerTrainingOptions.defaults(Duration.ofMinutes(3), 42);
        assertEquals(Architecture.DEFAULT, d.architecture());
        assertEquals(Loss.L1, d.loss());
        assertEquals(Optional.empty(), d.init());

        EnhancerTrainingOptions lr = d.withLearningRate(5e-4f);
        assertEquals(5e-4f, lr.learningRate());
        assertEquals(d.withLearningRate(d.learningRate()), d);

        EnhancerTrainingOptions steps = d.withMaxSteps(30);
        assertEquals(30, steps.maxSteps());
        assertEquals(d.withMaxSteps(d.maxSteps()), d);

        EnhancerTrainingOptions eval = d.withEvalEvery(5, 2);
        assertEquals(5, eval.evalEvery());
        assertEquals(2, eval.patience());
        assertEquals(d.withEvalEvery(d.evalEvery(), d.patience()), d);

        var base = Optional.of(OnnxGraphs.fromShared(EdsrWeights.random(16, 4, 1L)));
        EnhancerTrainingOptions init = d.withInit(base);
        assertEquals(base, init.init());
        assertEquals(42, init.seed());
        assertEquals(d.maxTime(), init.maxTime());
    }
}
