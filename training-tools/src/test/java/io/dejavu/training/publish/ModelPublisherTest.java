package io.dejavu.training.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        ModelMetadata meta = metadata(caller, metrics).withOperatingRange(OperatingRange.derived("vp8", 256, 256, 50));
        assertEquals(
                accepted,
                ModelPublisher.check(meta).accepted(),
                ModelPublisher.check(meta).reason());
    }

    private static ModelMetadata metadata(String caller, Map<String, Double> metrics) {
        return new ModelMetadata(
                caller, "edsr-y c16 b4", 10, 32, "vp8", 50, 256, 256, Map.of(), metrics, Instant.now());
    }

    private static OperatingRange.Point point(double kbps, double gain, double generic) {
        return new OperatingRange.Point(
                256, 256, kbps, 25, OperatingRange.bitsPerPixel(kbps, 256, 256, 25), gain, generic, 100);
    }

    @ParameterizedTest(name = "{0}: gpu tier gain {1}, generic gpu {2} -> accepted {3}")
    @CsvSource(
            nullValues = "none",
            textBlock =
                    """
            alice,    1.40, 1.10, true
            alice,    1.00, 1.10, false
            alice,    1.40, none, false
            alice,    none, 1.10, false
            _generic, 0.90, none, true
            _generic, -0.1, none, false
            """)
    void eachLargerTierMustBeatTheSameTierOfTheGenericModel(
            String caller, Double gain, Double generic, boolean accepted) {
        Map<String, Double> tierMetrics = new HashMap<>();
        if (gain != null) {
            tierMetrics.put("gain_db", gain);
        }
        if (generic != null) {
            tierMetrics.put("generic_gain_db", generic);
        }
        OperatingRange range = OperatingRange.derived("vp8", 256, 256, 50);
        ModelMetadata meta = metadata(caller, Map.of("gain_db", 0.8, "generic_gain_db", 0.6))
                .withOperatingRange(range)
                .withTier(io.dejavu.protocol.model.ModelTier.GPU, range, tierMetrics, Map.of());
        ModelPublisher.Verdict v = ModelPublisher.check(meta);
        assertEquals(accepted, v.accepted(), v.reason());
        if (!accepted) {
            assertTrue(v.reason().contains("gpu tier"), v.reason());
        }
    }

    @Test
    void aGpuTierThatHelpsNowhereIsRefusedEvenWhenTheCpuTierIsGood() {
        ModelMetadata meta = metadata("alice", Map.of("gain_db", 0.8, "generic_gain_db", 0.6))
                .withOperatingRange(OperatingRange.derived("vp8", 256, 256, 50))
                .withTier(
                        io.dejavu.protocol.model.ModelTier.GPU,
                        OperatingRange.nowhere("vp8", List.of()),
                        Map.of("gain_db", 1.4, "generic_gain_db", 1.1),
                        Map.of());
        ModelPublisher.Verdict v = ModelPublisher.check(meta);
        assertFalse(v.accepted());
        assertEquals("the gpu tier helped at no bitrate it was validated at", v.reason());
    }

    @Test
    void refusesABundleThatDeclaresNoOperatingRange() {
        ModelPublisher.Verdict v = ModelPublisher.check(metadata("_generic", Map.of("gain_db", 0.7)));
        assertFalse(v.accepted());
        assertTrue(v.reason().contains("declares no operatingRange"), v.reason());
    }

    @Test
    void refusesAPersonalModelThatLosesToTheGenericOneAtADeclaredPoint() {
        List<OperatingRange.Point> points =
                List.of(point(25, 0.9, 0.6), point(50, 0.8, 0.6), point(75, 0.3, 0.5), point(100, -0.2, 0.0));
        OperatingRange range = new OperatingRange(
                "vp8",
                List.of(new OperatingRange.Size(256, 256)),
                points.get(0).bpp(),
                points.get(2).bpp(),
                points,
                OperatingRange.VALIDATED);
        ModelMetadata meta = metadata("alice", Map.of("gain_db", 0.8, "generic_gain_db", 0.6))
                .withOperatingRange(range);
        ModelPublisher.Verdict v = ModelPublisher.check(meta);
        assertFalse(v.accepted());
        assertTrue(v.reason().contains("at 75 kbps"), v.reason());

        // the point where it loses lies outside a narrower declared range: nothing declared loses
        OperatingRange narrower = new OperatingRange(
                "vp8",
                List.of(new OperatingRange.Size(256, 256)),
                points.get(0).bpp(),
                points.get(1).bpp(),
                points,
                OperatingRange.VALIDATED);
        ModelPublisher.Verdict ok = ModelPublisher.check(meta.withOperatingRange(narrower));
        assertTrue(ok.accepted(), ok.reason());
    }

    @Test
    void refusesAPersonalModelThatHelpsNowhere() {
        ModelMetadata meta = metadata("alice", Map.of("gain_db", 0.8, "generic_gain_db", 0.6))
                .withOperatingRange(OperatingRange.nowhere("vp8", List.of(point(50, 0.02, 0.0))));
        assertFalse(ModelPublisher.check(meta).accepted());
    }
}
