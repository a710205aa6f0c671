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

    private static final OperatingRange.Size SQUARE = new OperatingRange.Size(256, 256);
    private static final OperatingRange.Size WIDE = new OperatingRange.Size(640, 360);

    @Test
    void eachFrameSizeOfACombinedRangeKeepsItsOwnBand() {
        OperatingRange at360 =
                new OperatingRange("vp8", List.of(WIDE), 0.007, 0.045, List.of(), OperatingRange.VALIDATED);
        OperatingRange both = OperatingRange.ofSizes(List.of(RANGE, at360));
        assertEquals(List.of(SQUARE, WIDE), both.sizes());
        // 100 kbps at 25 fps: 0.061 bits/pixel at 256x256 (above its 0.02-0.05), 0.017 at 640x360 (inside)
        assertTrue(both.outside("vp8", 256, 256, OperatingRange.bitsPerPixel(100, 256, 256, 25))
                .orElseThrow()
                .contains("above the model's range 0.020-0.050 bits/pixel at 256x256"));
        assertTrue(both.outside("vp8", 640, 360, OperatingRange.bitsPerPixel(100, 640, 360, 25))
                .isEmpty());
        // 0.01 bits/pixel: below the square band, inside the wide one
        assertTrue(both.outside("vp8", 256, 256, 0.01).isPresent());
        assertTrue(both.outside("vp8", 640, 360, 0.01).isEmpty());
        assertEquals(0.007, both.minBpp(640, 360));
        assertEquals(0.05, both.maxBpp(256, 256));
        // a reader that knows no bands sees the first size's band
        assertEquals(0.02, both.minBpp());
        assertTrue(both.describe().contains("256x256 0.020-0.050, 640x360 0.007-0.045"), both.describe());
    }

    @Test
    void calibratingASizeAgainReplacesOnlyThatSizesBand() {
        OperatingRange.Point old = new OperatingRange.Point(640, 360, 100, 25, 0.017, 0.3, Double.NaN, 60);
        OperatingRange both = OperatingRange.ofSizes(List.of(
                RANGE, new OperatingRange("vp8", List.of(WIDE), 0.007, 0.045, List.of(old), OperatingRange.VALIDATED)));
        OperatingRange.Point now = new OperatingRange.Point(640, 360, 300, 25, 0.052, 0.2, Double.NaN, 60);
        OperatingRange again = both.withSizesOf(
                new OperatingRange("vp8", List.of(WIDE), 0.01, 0.06, List.of(now), OperatingRange.VALIDATED));
        assertEquals(0.01, again.minBpp(640, 360));
        assertEquals(0.06, again.maxBpp(640, 360));
        assertEquals(0.02, again.minBpp(256, 256));
        assertEquals(List.of(now), again.points(), "the replaced size's old points go");
        // a size where the model helped nowhere adds its points, not the size
        OperatingRange none = RANGE.withSizesOf(OperatingRange.nowhere("vp8", List.of(now)));
        assertEquals(List.of(SQUARE), none.sizes());
        assertTrue(none.outside("vp8", 640, 360, 0.02).orElseThrow().contains("frame size 640x360"));
    }

    @Test
    void bandsRoundTripThroughJsonAndMustNameTheRangesSizes() throws Exception {
        OperatingRange both = OperatingRange.ofSizes(List.of(
                RANGE, new OperatingRange("vp8", List.of(WIDE), 0.007, 0.045, List.of(), OperatingRange.VALIDATED)));
        String json = Json.mapper().writeValueAsString(both);
        assertEquals(both, Json.mapper().readValue(json, OperatingRange.class));
        // a range written before bands existed still reads, with no bands
        String old = "{\"codec\":\"vp8\",\"sizes\":[{\"width\":256,\"height\":256}],\"minBpp\":0.02,"
                + "\"maxBpp\":0.05,\"points\":[],\"basis\":\"validated\"}";
        assertEquals(RANGE, Json.mapper().readValue(old, OperatingRange.class));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new OperatingRange(
                        "vp8",
                        List.of(SQUARE),
                        0.02,
                        0.05,
                        List.of(),
                        OperatingRange.VALIDATED,
                        List.of(new OperatingRange.Band(640, 360, 0.01, 0.04))));
        assertTrue(e.getMessage().contains("not among the range's sizes"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> OperatingRange.ofSizes(List.of(RANGE, RANGE)),
                "two ranges for one size");
    }
}
