package io.dejavu.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Small real clips made by the test itself: FFV1 in Matroska (lossless, YUV 4:2:0), so what a
 * reader gets back can be compared pixel for pixel with {@link #luma}. Milliseconds to write.
 *
 * <pre>{@code
 * Path clip = TestClips.write(dir.resolve("a.mkv"), 64, 48, 10, 40);
 * }</pre>
 */
public final class TestClips {
    /** Every chroma sample of the clips. */
    public static final int CHROMA = 128;

    private TestClips() {}

    /**
     * The Y plane of frame {@code t}: a checkerboard of 8-pixel cells over a ramp, moving right by
     * two pixels a frame, inside 16..235 (video range, where a luma-range rescale would show).
     */
    public static byte[] luma(int width, int height, int t) {
        byte[] y = new byte[width * height];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int x = col + 2 * t;
                int v = 16 + (3 * x + 5 * row + ((x / 8 + row / 8) % 2) * 70) % 220;
                y[row * width + col] = (byte) v;
            }
        }
        return y;
    }

    /** Writes {@code frames} frames of {@link #luma} at {@code fps} to {@code file}. */
    public static Path write(Path file, int width, int height, double fps, int frames) throws IOException {
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        ByteBuffer packed = ByteBuffer.allocateDirect(width * height + 2 * cw * ch);
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            r.setFormat("matroska");
            r.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.start();
            for (int t = 0; t < frames; t++) {
                packed.clear();
                packed.put(luma(width, height, t));
                for (int i = 0; i < 2 * cw * ch; i++) {
                    packed.put((byte) CHROMA);
                }
                packed.flip();
                r.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, packed);
            }
            r.stop();
        }
        return file;
    }
}
