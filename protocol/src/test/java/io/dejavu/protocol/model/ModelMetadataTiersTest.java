package io.dejavu.protocol.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A larger tier's range and metrics travel in metadata.json beside the cpu tier's (ADR 0104). */
class ModelMetadataTiersTest {
    private static final OperatingRange CPU_RANGE =
            new OperatingRange("vp8", List.of(new OperatingRange.Size(256, 256)), 0.02, 0.05, List.of(), null);
    private static final OperatingRange GPU_RANGE =
            new OperatingRange("vp8", List.of(new OperatingRange.Size(640, 360)), 0.01, 0.08, List.of(), null);

    private static ModelMetadata cpuOnly() {
        return new ModelMetadata(
                "alice",
                "edsr-y c16 b4",
                10,
                32,
                "vp8",
                60,
                256,
                256,
                Map.of("steps", 100),
                Map.of("gain_db", 0.8, "generic_gain_db", 0.5),
                Instant.parse("2026-12-06T05:00:00Z"),
                CPU_RANGE);
    }

    @Test
    void aTierAddedKeepsTheCpuTierAndPrefixesItsOwnNumbers() {
        ModelMetadata both = cpuOnly()
                .withTier(
                        ModelTier.GPU,
                        GPU_RANGE,
                        Map.of("gain_db", 1.4, "generic_gain_db", 1.1),
                        Map.of("architecture", "edsr-y c32 b8"));
        assertEquals(0.8, both.metrics().get("gain_db"));
        assertEquals(1.4, both.metrics().get("gpu.gain_db"));
        assertEquals(1.1, both.metrics().get("gpu.generic_gain_db"));
        assertEquals(CPU_RANGE, both.rangeFor(ModelTier.CPU));
        assertEquals(GPU_RANGE, both.rangeFor(ModelTier.GPU));
        assertEquals(
                Map.of("gpu", Map.of("architecture", "edsr-y c32 b8")),
                both.data().get("tiers"));
        assertEquals(100, both.data().get("steps"));

        // Adding the tier again replaces its numbers, not the cpu tier's.
        ModelMetadata again = both.withTier(ModelTier.GPU, GPU_RANGE, Map.of("gain_db", 1.5), Map.of());
        assertEquals(1.5, again.metrics().get("gpu.gain_db"));
        assertTrue(
                !again.metrics().containsKey("gpu.generic_gain_db"),
                again.metrics().toString());
    }

    @Test
    void recalibratingATierReplacesOnlyThatTiersRange() {
        OperatingRange wider =
                new OperatingRange("vp8", List.of(new OperatingRange.Size(256, 256)), 0.02, 0.07, List.of(), null);
        ModelMetadata both = cpuOnly().withTier(ModelTier.GPU, GPU_RANGE, Map.of("gain_db", 1.4), Map.of());

        ModelMetadata gpu = both.withTierRange(ModelTier.GPU, wider);
        assertEquals(wider, gpu.rangeFor(ModelTier.GPU));
        assertEquals(CPU_RANGE, gpu.rangeFor(ModelTier.CPU));
        assertEquals(both.metrics(), gpu.metrics());
        assertEquals(both.data(), gpu.data());

        ModelMetadata cpu = both.withTierRange(ModelTier.CPU, wider);
        assertEquals(wider, cpu.rangeFor(ModelTier.CPU));
        assertEquals(GPU_RANGE, cpu.rangeFor(ModelTier.GPU));

        assertTrue(both.describesTier(ModelTier.GPU));
        assertTrue(!cpuOnly().describesTier(ModelTier.GPU));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> cpuOnly().withTierRange(ModelTier.GPU, wider));
        assertEquals("the metadata describes no gpu tier", e.getMessage());
    }

    @Test
    void aTierWithoutItsOwnRangeRunsInTheBundlesRange() {
        assertEquals(CPU_RANGE, cpuOnly().rangeFor(ModelTier.GPU));
    }

    @Test
    void roundTripsThroughJsonAndOldMetadataReadsWithNoTierRanges() throws Exception {
        ModelMetadata both = cpuOnly().withTier(ModelTier.GPU, GPU_RANGE, Map.of("gain_db", 1.4), Map.of());
        String json = Json.mapper().writeValueAsString(both);
        assertEquals(both, Json.mapper().readValue(json, ModelMetadata.class));

        String old = Json.mapper().writeValueAsString(cpuOnly()).replace(",\"tierRanges\":{}", "");
        assertTrue(!old.contains("tierRanges"), old);
        ModelMetadata read = Json.mapper().readValue(old, ModelMetadata.class);
        assertEquals(Map.of(), read.tierRanges());
        assertEquals(cpuOnly(), read);
    }

    @Test
    void theCpuTiersRangeIsNotATierRange() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> cpuOnly().withTier(ModelTier.CPU, GPU_RANGE, Map.of(), Map.of()));
        assertEquals("the cpu tier is described by the metadata itself", e.getMessage());
        for (Map<String, OperatingRange> bad : List.of(Map.of("cpu", GPU_RANGE), Map.of("tpu", GPU_RANGE))) {
            ModelMetadata m = cpuOnly();
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new ModelMetadata(
                            m.caller(),
                            m.architecture(),
                            m.receptiveFieldRadius(),
                            m.scorerPatchSize(),
                            m.codec(),
                            m.bitrateKbps(),
                            m.width(),
                            m.height(),
                            m.data(),
                            m.metrics(),
                            m.createdAt(),
                            m.operatingRange(),
                            bad));
        }
    }
}
