package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests' clip cutter writes what it read at a width FFmpeg pads: franck.mp4 is 360 wide, and an
 * earlier cutter wrote its chroma sheared into diagonal stripes (PSNR-Y never saw them). The source
 * is generated, so the test needs no footage, and each plane has its own pattern, so a shear or a
 * swapped plane changes bytes.
 */
class ShortClipTest {
    @Test
    void everyPlaneOfAPaddedWidthFrameComesBackUnchanged(@TempDir Path dir) throws Exception {
        byte[][] planes = PaddedWidthClip.planes();
        Path source = dir.resolve("source.mkv");
        PaddedWidthClip.write(source, planes, 3);
        Path cut = dir.resolve("cut.mkv");

        ShortClip.write(source, 2, cut);

        byte[][] back = PaddedWidthClip.firstFrame(cut);
        assertArrayEquals(planes[0], back[0], "Y");
        assertArrayEquals(planes[1], back[1], "U");
        assertArrayEquals(planes[2], back[2], "V");
    }
}
