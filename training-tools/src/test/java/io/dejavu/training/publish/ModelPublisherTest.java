package io.dejavu.training.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.protocol.model.ModelMetadata;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelPublisherTest {
    @ParameterizedTest(name = "{0}: gain {1}, generic {2} -> accepted {3}")
    @CsvSource(
            nullValues = "none",
            textBlock =
                    """
            alice,    0.80, 0.60, true
            alice,    0.50, 0.60, false
            alice,    0.60, 0.60, false
            alice,    0.80, none, false
            alice,    none, 0.60, false
            _generic, 0.10, none, true
            """)
    void guardAcceptsOnlyPersonalModelsThatBeatTheGenericOne(
            String caller, Double gain, Double generic, boolean accepted) {
        Map<String, Double> metrics = new HashMap<>();
        if (gain != null) {
            metrics.put("gain_db", gain);
        }
        if (generic != null) {
            metrics.put("generic_gain_db", generic);
        }
        ModelMetadata meta = new ModelMetadata(
                caller, "edsr-y c16 b4", 10, 32, "vp8", 50, 256, 256, Map.of(), metrics, Instant.now());
        assertEquals(
                accepted,
                ModelPublisher.check(meta).accepted(),
                ModelPublisher.check(meta).reason());
    }
}
