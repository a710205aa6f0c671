package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * A generated 360x288 clip, a width FFmpeg pads, with a different diagonal pattern in each of Y,
 * U and V, so a sheared or swapped plane changes bytes: for tests of code that copies grabbed
 * frames into a recorder (the clip cutter here, the demo's footage split in the app).
 */
public final class PaddedWidthClip {
    public static final int W = 360;
    public static final int H = 288;

    private PaddedWidthClip() {}

    /** Y, U and V of one frame. */
    public static byte[][] planes() {
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

    /** {@code frames} copies of {@code planes} at 25 fps, losslessly, from an unpadded buffer. */
    public static void write(Path file, byte[][] planes, int frames) throws Exception {
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
    public static byte[][] firstFrame(Path file) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            g.start();
            Frame f = g.grabImage();
            assertTrue(f.imageStride > W, "the grabber pads a 360-wide row (stride " + f.imageStride + ")");
            ByteBuffer packed = ByteBuffer.allocateDirect(W * H * 3 / 2);
            UnpaddedI420.pack(f, g.getImageHeight(), W, H, packed);
            byte[][] out = {new byte[W * H], new byte[W * H / 4], new byte[W * H / 4]};
            packed.get(out[0]).get(out[1]).get(out[2]);
            g.stop();
            return out;
        }
    }
}
