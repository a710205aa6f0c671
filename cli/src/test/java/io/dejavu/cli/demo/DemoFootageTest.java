package io.dejavu.cli.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.PaddedWidthClip;
import io.dejavu.call.UnpaddedI420;
import io.dejavu.protocol.video.FrameSize;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
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

    @Test
    void aSizeOfTheSameWidthKeepsTheMiddleRowsUnscaled(@TempDir Path dir) throws Exception {
        byte[][] planes = PaddedWidthClip.planes();
        Path source = dir.resolve("source.mkv");
        PaddedWidthClip.write(source, planes, 4);
        int w = PaddedWidthClip.W;
        int h = PaddedWidthClip.H / 2; // covering 360x144 needs no scaling: the middle 144 rows are kept

        DemoFootage.split(source, 0.06, dir.resolve("enrol.mkv"), dir.resolve("call.mkv"), new FrameSize(w, h));

        byte[][] back = firstFrame(dir.resolve("enrol.mkv"), w, h);
        int top = (PaddedWidthClip.H - h) / 2;
        assertArrayEquals(Arrays.copyOfRange(planes[0], top * w, (top + h) * w), back[0], "Y");
        assertArrayEquals(Arrays.copyOfRange(planes[1], top / 2 * w / 2, (top + h) / 2 * w / 2), back[1], "U");
        assertArrayEquals(Arrays.copyOfRange(planes[2], top / 2 * w / 2, (top + h) / 2 * w / 2), back[2], "V");
    }

    @Test
    void preparedFootageIsScaledToTheSizeAskedForAndSaysFromWhat(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("person.mkv");
        PaddedWidthClip.write(source, PaddedWidthClip.planes(), 525); // 21 s at 25 fps
        FrameSize half = new FrameSize(PaddedWidthClip.W / 2, PaddedWidthClip.H / 2);

        DemoFootage scaled = DemoFootage.prepare(Optional.of(source), dir, Optional.of(half));
        DemoFootage own = DemoFootage.prepare(Optional.of(source), dir, Optional.empty());

        assertEquals(half, scaled.size());
        assertEquals(new FrameSize(PaddedWidthClip.W, PaddedWidthClip.H), scaled.nativeSize());
        assertTrue(scaled.scaled());
        assertEquals(half, sizeOf(scaled.enrolPart()));
        assertEquals(half, sizeOf(scaled.callPart()));
        assertFalse(own.scaled());
        assertEquals(own.nativeSize(), sizeOf(own.callPart()));
        assertNotEquals(own.callPart(), scaled.callPart(), "each size is split to files of its own");
    }

    private static FrameSize sizeOf(Path file) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            FrameSize size = new FrameSize(g.getImageWidth(), g.getImageHeight());
            g.stop();
            return size;
        }
    }

    private static byte[][] firstFrame(Path file, int w, int h) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            g.start();
            Frame f = g.grabImage();
            ByteBuffer packed = ByteBuffer.allocateDirect(w * h * 3 / 2);
            UnpaddedI420.pack(f, g.getImageHeight(), w, h, packed);
            byte[][] out = {new byte[w * h], new byte[w * h / 4], new byte[w * h / 4]};
            packed.get(out[0]).get(out[1]).get(out[2]);
            g.stop();
            return out;
        }
    }
}
