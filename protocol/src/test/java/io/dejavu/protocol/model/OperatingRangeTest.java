package io.dejavu.protocol.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatingRangeTest {
    private static final OperatingRange RANGE = new OperatingRange(
            "vp8", List.of(new OperatingRange.Size(256, 256)), 0.02, 0.05, List.of(), OperatingRange.VALIDATED);

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            # codec,     width, height, kbps, fps, inside
            video/VP8,   256,   256,    60,   25,  true
            vp8,         256,   256,    40,   25,  true
            vp8,         256,   256,    30,   25,  false
            vp8,         256,   256,    150,  25,  false
            VP8,         640,   360,    60,   25,  false
            h264,        256,   256,    60,   25,  false
            """)
    void enhancesOnlyInsideTheDeclaredCodecSizesAndBitsPerPixel(
            String codec, int w, int h, double kbps, double fps, boolean inside) {
        double bpp = OperatingRange.bitsPerPixel(kbps, w, h, fps);
        assertEquals(inside, RANGE.outside(codec, w, h, bpp).isEmpty(), () -> RANGE.outside(codec, w, h, bpp)
                .orElse("inside"));
    }

    @Test
    void saysWhyAStreamIsOutside() {
        assertTrue(RANGE.outside("vp8", 256, 256, 0.1).orElseThrow().contains("above the model's range"));
        assertTrue(RANGE.outside("vp8", 256, 256, 0.01).orElseThrow().contains("below the model's range"));
        assertTrue(RANGE.outside("vp8", 640, 360, 0.03).orElseThrow().contains("frame size 640x360"));
        assertTrue(RANGE.outside("h264", 256, 256, 0.03).orElseThrow().contains("codec h264"));
    }

    @Test
    void aRangeThatHelpsNowhereRefusesEveryStream() {
        OperatingRange none = OperatingRange.nowhere("vp8", List.of());
        assertFalse(none.helpsAnywhere());
        assertTrue(none.outside("vp8", 256, 256, 0.03).isPresent());
    }

    @Test
    void oldBundlesGetAConservativeRangeAroundTheirRecordedBitrate() {
        ModelMetadata old = new ModelMetadata(
                "_generic", "edsr-y c16 b4", 10, 32, "vp8", 50, 256, 256, Map.of(), Map.of(), Instant.EPOCH);
        OperatingRange r = old.effectiveRange();
        assertFalse(old.declaresRange());
        assertEquals(OperatingRange.DERIVED, r.basis());
        double at50 = OperatingRange.bitsPerPixel(50, 256, 256, 30);
        assertTrue(r.outside("vp8", 256, 256, at50).isEmpty());
        assertTrue(r.outside("vp8", 256, 256, OperatingRange.bitsPerPixel(100, 256, 256, 30))
                .isPresent());
        assertTrue(r.outside("vp8", 256, 256, OperatingRange.bitsPerPixel(20, 256, 256, 30))
                .isPresent());
    }

    @Test
    void roundTripsThroughMetadataJson() throws Exception {
        OperatingRange.Point p = new OperatingRange.Point(256, 256, 52.1, 25, 0.0318, 0.71, 0.5, 200);
        OperatingRange declared = new OperatingRange(
                "vp8", List.of(new OperatingRange.Size(256, 256)), 0.02, 0.05, List.of(p), OperatingRange.VALIDATED);
        ModelMetadata m = new ModelMetadata(
                        "alice", "edsr-y c16 b4", 10, 32, "vp8", 50, 256, 256, Map.of(), Map.of(), Instant.EPOCH)
                .withOperatingRange(declared);
        String json = Json.mapper().writeValueAsString(m);
        ModelMetadata back = Json.mapper().readValue(json, ModelMetadata.class);
        assertEquals(declared, back.operatingRange());
        assertFalse(json.contains("unrestricted"), json);
    }

    @Test
    void rejectsAnInvertedRange() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new OperatingRange("vp8", List.of(), 0.05, 0.02, List.of(), OperatingRange.VALIDATED));
        assertTrue(e.getMessage().contains("minBpp <= maxBpp"), e.getMessage());
    }
}
