package io.dejavu.protocol.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameSizeTest {
    @Test
    void parsesWidthByHeightAndPrintsItBack() {
        FrameSize size = FrameSize.parse(" 640X360 ");
        assertEquals(new FrameSize(640, 360), size);
        assertEquals("640x360", size.toString());
        assertEquals(640 * 360, size.pixels());
    }

    @ParameterizedTest
    @ValueSource(strings = {"640", "x", "axb", "640x360x2", "640 x y"})
    void rejectsTextThatIsNotWidthByHeightNamingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameSize.parse(text));
        assertEquals("frame size must look like WxH (e.g. 256x256, 640x360), got '" + text + "'", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"641, 360", "640, 361", "0, 0", "640, -2", "14, 16", "16, 14", "7682, 360", "640, 4322"})
    void rejectsOddTooSmallAndTooLargeSizes(int width, int height) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FrameSize(width, height));
        assertTrue(e.getMessage().startsWith("frame size must be positive and even"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got " + width + "x" + height), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"16, 16", "7680, 4320", "400, 300"})
    void acceptsEvenSizesFromSixteenTo8k(int width, int height) {
        assertEquals(width, new FrameSize(width, height).width());
        assertEquals(height, new FrameSize(width, height).height());
    }

    @Test
    void oddSizeTextFailsOnTheSizeNotTheForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameSize.parse("255x256"));
        assertTrue(e.getMessage().startsWith("frame size must be positive and even"), e.getMessage());
    }
}
