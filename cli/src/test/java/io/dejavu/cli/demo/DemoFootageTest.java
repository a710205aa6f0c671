package io.dejavu.cli.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.dejavu.call.PaddedWidthClip;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's footage split writes what it read at a width FFmpeg pads: franck.mp4 is 360 wide, and
 * an earlier split wrote its chroma sheared into diagonal stripes that PSNR-Y never saw and the
 * call's encoder spent its bits on (2-8 fps at 60 kbps). The source is generated, so the test needs
 * no footage, and each plane has its own pattern, so a shear or a swapped plane changes bytes.
 */
class DemoFootageTest {
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyPlaneOfAPaddedWidthFrameComesBackUnchangedInBothParts(boolean enrolPart, @TempDir Path dir)
            throws Exception {
        byte[][] planes = PaddedWidthClip.planes();
        Path source = dir.resolve("source.mkv");
        PaddedWidthClip.write(source, planes, 4); // 25 fps: frames at 0, 40, 80, 120 ms
        Path enrol = dir.resolve("enrol.mkv");
        Path call = dir.resolve("call.mkv");

        DemoFootage.split(source, 0.06, enrol, call);

        byte[][] back = PaddedWidthClip.firstFrame(enrolPart ? enrol : call);
        assertArrayEquals(planes[0], back[0], "Y");
        assertArrayEquals(planes[1], back[1], "U");
        assertArrayEquals(planes[2], back[2], "V");
    }
}
