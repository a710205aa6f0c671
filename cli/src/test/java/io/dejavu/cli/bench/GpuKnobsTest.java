package io.dejavu.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.EnhancerOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuKnobsTest {
    @Test
    void encodedKnobsParseBackToTheSameSettings() {
        GpuKnobs k = new GpuKnobs(false, true, Map.of("fuse_conv_bias", "1", "cudnn_conv_use_max_workspace", "1"));
        assertEquals("graphs=0;fused=1;cudnn_conv_use_max_workspace=1;fuse_conv_bias=1", k.encode());
        assertEquals(k, GpuKnobs.parse(k.encode()));
        assertEquals(GpuKnobs.DEFAULT, GpuKnobs.parse(GpuKnobs.DEFAULT.encode()));
    }

    @Test
    void knobsReachTheEnhancerOptions() {
        EnhancerOptions o = GpuKnobs.parse("graphs=0;fused=0;fuse_conv_bias=1")
                .apply(EnhancerOptions.builder())
                .build();
        assertFalse(o.cudaGraphs());
        assertFalse(o.fusedTopK());
        assertEquals(Map.of("fuse_conv_bias", "1"), o.cudaOptions());
        assertTrue(EnhancerOptions.defaults().cudaGraphs());
    }

    @Test
    void cudaOptionWithoutEqualsSignIsRejectedWithThePair() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> GpuKnobs.options(List.of("fuse_conv_bias")));
        assertTrue(e.getMessage().contains("'fuse_conv_bias'"), e.getMessage());
        assertEquals(Map.of("a", "1"), GpuKnobs.options(List.of("a=1")));
    }
}
