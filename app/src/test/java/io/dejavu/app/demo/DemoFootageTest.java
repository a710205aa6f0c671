package io.dejavu.app.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
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
    private static final int W = 360;
    private static final int H = 288;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyPlaneOfAPaddedWidthFrameComesBackUnchangedInBothParts(boolean enrolPart, @TempDir Path dir)
            throws Exception {
        byte[][] planes = planes();
        Path source = dir.resolve("source.mkv");
        write(source, planes, 4); // 25 fps: frames at 0, 40, 80, 120 ms
        Path enrol = dir.resolve("enrol.mkv");
        Path call = dir.resolve("call.mkv");

        DemoFootage.split(source, 0.06, enrol, call);

        byte[][] back = firstFrame(enrolPart ? enrol : call);
        assertArrayEquals(planes[0], back[0], "Y");
        assertArrayEquals(planes[1], back[1], "U");
        assertArrayEquals(planes[2], back[2], "V");
    }

    /** Y, U and V of a 360x288 frame, each with a different diagonal pattern. */
    private static byte[][] planes() {
        byte[] y = new byte[W * H];
        byte[] u = new byte[W * H / 4];
        byte[] v = new byte[u.length];
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                y[r * W + c] = (byte) (c + 3 * r);
            }
        }
        for (int r = 0; r < H / 2; r++) {
            for (int c = 0; c < W / 2; c++) {
                u[r * W / 2 + c] = (byte) (2 * c + 5 * r + 17);
                v[r * W / 2 + c] = (byte) (7 * c + 11 * r + 101);
            }
        }
        return new byte[][] {y, u, v};
    }

    /** {@code frames} copies of {@code planes}, losslessly, from an unpadded buffer (stride = width). */
    private static void write(Path file, byte[][] planes, int frames) throws Exception {
        ByteBuffer packed = ByteBuffer.allocateDirect(W * H * 3 / 2);
        packed.put(planes[0]).put(planes[1]).put(planes[2]).flip();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), W, H, 0)) {
            r.setFormat("matroska");
            r.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(25);
            r.start();
            for (int i = 0; i < frames; i++) {
                r.recordImage(W, H, Frame.DEPTH_UBYTE, 1, W, avutil.AV_PIX_FMT_YUV420P, packed.duplicate());
            }
            r.stop();
        }
    }

    /** The first frame of {@code file}, read through the grabber's padded rows. */
    private static byte[][] firstFrame(Path file) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            g.start();
            Frame f = g.grabImage();
            assertTrue(f.imageStride > W, "the grabber pads a 360-wide row (stride " + f.imageStride + ")");
            ByteBuffer packed = ByteBuffer.allocateDirect(W * H * 3 / 2);
            DemoFootage.pack(f, g.getImageHeight(), W, H, packed);
            byte[][] out = {new byte[W * H], new byte[W * H / 4], new byte[W * H / 4]};
            packed.get(out[0]).get(out[1]).get(out[2]);
            g.stop();
            return out;
        }
    }
}
