package io.dejavu.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.training.TrainingException;
import org.junit.jupiter.api.Test;

class OnnxGraphsTest {
    @Test
    void enhancerWeightsSurviveTheRoundTripThroughOnnx() {
        EnhancerWeights w = OnnxGraphs.fromShared(EdsrWeights.random(8, 2, 5L));
        EnhancerWeights back = OnnxGraphs.readEnhancer(OnnxGraphs.enhancer(w));
        assertEquals(w.architecture(), back.architecture());
        for (int i = 0; i < w.convs().size(); i++) {
            assertArrayEquals(w.convs().get(i).weight(), back.convs().get(i).weight(), 0f);
            assertArrayEquals(w.convs().get(i).bias(), back.convs().get(i).bias(), 0f);
        }
    }

    @Test
    void readingSomethingElseThanOnnxFailsClearly() {
        TrainingException e =
                assertThrows(TrainingException.class, () -> OnnxGraphs.readEnhancer("not a model".getBytes()));
        assertEquals(true, e.getMessage().contains("ONNX"), e.getMessage());
    }

    @Test
    void architectureLabelParsesBack() {
        assertEquals(new Architecture(16, 4), Architecture.parseLabel(Architecture.DEFAULT.label()));
        assertEquals(10, Architecture.DEFAULT.receptiveFieldRadius());
    }
}
