package io.dejavu.training.footage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.training.TrainingException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CodecTest {
    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            vp8,     VP8
            VP8,     VP8
            ' vp8 ', VP8
            h264,    H264
            H.264,   H264
            avc,     H264
            """)
    void parsesTheNamesAnAdminTypes(String text, Codec expected) {
        assertEquals(expected, Codec.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vp9", "av1", "h265", "vp8x"})
    @NullAndEmptySource
    void anUnknownCodecListsTheKnownOnes(String text) {
        TrainingException e = assertThrows(TrainingException.class, () -> Codec.parse(text));
        assertEquals("unknown codec '" + text + "', expected one of vp8, h264", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"VP8, vp8, libvpx", "H264, h264, libopenh264"})
    void eachCodecNamesItsIdAndTheFfmpegEncoderThatStandsInForTheCall(Codec c, String id, String encoder) {
        assertEquals(id, c.id());
        assertEquals(encoder, c.encoder());
        assertEquals(c, Codec.parse(c.id()));
    }
}
