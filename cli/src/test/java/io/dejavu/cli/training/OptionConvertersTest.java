package io.dejavu.cli.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.footage.Codec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Wrong option values become picocli conversion errors (usage, exit 2) carrying the domain type's message. */
class OptionConvertersTest {
    @Test
    void sizeConvertsWidthByHeightAndRefusesWithTheFrameSizeMessage() {
        io.dejavu.cli.FrameSizeConverter c = new io.dejavu.cli.FrameSizeConverter();
        assertEquals(new FrameSize(256, 144), c.convert("256x144"));
        TypeConversionException odd = assertThrows(TypeConversionException.class, () -> c.convert("255x256"));
        assertTrue(odd.getMessage().startsWith("frame size must be positive and even"), odd.getMessage());
        TypeConversionException form = assertThrows(TypeConversionException.class, () -> c.convert("256"));
        assertEquals("frame size must look like WxH (e.g. 256x256, 640x360), got '256'", form.getMessage());
    }

    @Test
    void codecConvertsKnownNamesAndAliasesAndListsTheOthers() {
        OptionConverters.CodecConverter c = new OptionConverters.CodecConverter();
        assertEquals(Codec.VP8, c.convert("VP8"));
        assertEquals(Codec.H264, c.convert("avc"));
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> c.convert("mpeg2"));
        assertTrue(e.getMessage().startsWith("unknown codec 'mpeg2', expected one of "), e.getMessage());
        assertTrue(e.getMessage().contains("vp8"), e.getMessage());
    }
}
