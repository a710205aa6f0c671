package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.video.FrameSize;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {
    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            vp8, VP8
            H264, H264
            h.264, H264
            video/VP9, VP9
            av1, AV1
            """)
    void codecNamesParse(String text, VideoCodec expected) {
        assertEquals(expected, VideoCodec.parse(text));
    }

    @Test
    void unknownCodecListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoCodec.parse("theora"));
        assertTrue(e.getMessage().contains("theora") && e.getMessage().contains("vp8"), e.getMessage());
    }

    @Test
    void optionsRejectAnAbsurdBitrate() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CallOptions.builder().maxBitrateKbps(5).build());
        assertTrue(e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void missingVideoFileIsRefusedUpFront() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> VideoSourceSpec.file(Path.of("nope.mp4")));
        assertTrue(e.getMessage().contains("nope.mp4"), e.getMessage());
    }

    @Test
    void defaultBitrateGrowsWithTheFrameSize() {
        assertTrue(
                BitrateDefaults.forSize(new FrameSize(320, 180)) <= BitrateDefaults.forSize(new FrameSize(640, 360)));
        assertTrue(
                BitrateDefaults.forSize(new FrameSize(640, 360)) < BitrateDefaults.forSize(new FrameSize(1280, 720)));
    }
}
