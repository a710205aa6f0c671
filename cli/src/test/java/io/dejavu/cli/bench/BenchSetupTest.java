package io.dejavu.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.scorer.pipeline.FrameEnhancer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bench measures the model size it is asked for, one row per tier's architecture. */
class BenchSetupTest {
    private static BenchSetup setup() {
        return BenchSetup.parse("64x48", "full", 100, 1, "cpu", "fp32", 16, "edge");
    }

    @Test
    void theDefaultIsTodaysCpuTierAndAnArchGivesThatModel() throws Exception {
        assertEquals("16x4", setup().arch());
        BenchSetup large = setup().withArch("32X8");
        assertEquals("32x8", large.arch());
        try (FrameEnhancer fe = large.open()) {
            assertEquals("edsr-y c32 b8", fe.enhancer().signature().architecture());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"32", "32x", "x8", "0x4", "32x65", "axb", "32x8x2"})
    void aBadArchIsRefusedWithTheExpectedForm(String arch) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setup().withArch(arch));
        assertEquals(
                "arch must be CHANNELSxBLOCKS with 1..256 channels and 0..64 blocks, e.g. 32x8; got " + arch,
                e.getMessage());
    }
}
