package io.dejavu.enhancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TensorIoTest {
    @Test
    void graphModeGivesEveryShapeItsOwnBuffersThatNeverMove() throws Exception {
        try (TensorIo io = new TensorIo(OrtEnvironment.getEnvironment(), true)) {
            TensorIo.Slot a = io.slot(1, 8, 8);
            TensorIo.Slot b = io.slot(4, 16, 16);
            TensorIo.Slot a2 = io.slot(1, 8, 8);
            assertSame(a, a2);
            assertNotSame(a.in(), b.in());
            assertEquals(64, a.in().capacity());
            assertEquals(4 * 16 * 16, b.out().capacity());
            // a larger shape arriving later must not move an earlier shape's buffers (its graph reads them)
            io.slot(8, 64, 64);
            assertSame(a.in(), io.slot(1, 8, 8).in());
            assertNotNull(a.runOptions());
        }
    }

    @Test
    void sharedModeReusesOneBufferPairAndHasNoGraphIds() throws Exception {
        try (TensorIo io = new TensorIo(OrtEnvironment.getEnvironment())) {
            TensorIo.Slot big = io.slot(2, 16, 16);
            TensorIo.Slot small = io.slot(1, 8, 8);
            assertSame(big.in(), small.in());
            assertNull(small.runOptions());
        }
    }

    @Test
    void cudaOptionsOverrideTheSessionsAndTheDefaults() {
        EnhancerOptions o = EnhancerOptions.builder()
                .cudaOption("cudnn_conv_algo_search", "DEFAULT")
                .cudaOption("fuse_conv_bias", "1")
                .build();
        Map<String, String> all = OrtSessions.cudaProviderOptions(
                o, Map.of("cudnn_conv_algo_search", "EXHAUSTIVE", "enable_cuda_graph", "1"));
        assertEquals("DEFAULT", all.get("cudnn_conv_algo_search"));
        assertEquals("1", all.get("fuse_conv_bias"));
        assertEquals("1", all.get("enable_cuda_graph"));
        assertEquals("1", all.get("prefer_nhwc"));
        assertEquals(
                "1",
                OrtSessions.cudaProviderOptions(EnhancerOptions.defaults(), Map.of())
                        .get("fuse_conv_bias"));
        assertEquals(
                "0",
                OrtSessions.cudaProviderOptions(
                                EnhancerOptions.builder()
                                        .cudaOption("fuse_conv_bias", "0")
                                        .build(),
                                Map.of())
                        .get("fuse_conv_bias"));
    }

    @Test
    void cudaGraphsCannotBeSwitchedOnThroughTheRawOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnhancerOptions.builder()
                .cudaOption("enable_cuda_graph", "1")
                .build());
        assertTrue(e.getMessage().contains("cudaGraphs"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> EnhancerOptions.builder().cudaOption(" ", "1").build());
    }
}
