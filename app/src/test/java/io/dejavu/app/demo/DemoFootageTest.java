package io.dejavu.app.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.testing.SampleFootage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

/**
 * The demo's footage split writes what it read: franck.mp4 is 360 wide, a width FFmpeg pads, and an
 * earlier split wrote its chroma sheared into stripes, which the call's encoder then spent its bits
 * on (2-8 fps at 60 kbps).
 */
class DemoFootageTest {
    @Test
    void aFrameOfAPaddedWidthComesBackFromTheLosslessPartUnchanged() throws Exception {
        Path source = SampleFootage.require(SampleFootage.ANOTHER_MAN);
        Path part = SampleFootage.tempDir("split").resolve("one-frame.mkv");
        byte[] written;
        int w;
        int h;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            g.start();
            w = g.getImageWidth() & ~1;
            h = g.getImageHeight() & ~1;
            Frame f = g.grabImage();
            ByteBuffer packed = ByteBuffer.allocateDirect(w * h * 3 / 2);
            DemoFootage.pack(f, g.getImageHeight(), w, h, packed);
            written = bytes(packed);
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(part.toFile(), w, h, 0)) {
                r.setFormat("matroska");
                r.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
                r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                r.setFrameRate(25);
                r.start();
                r.recordImage(w, h, Frame.DEPTH_UBYTE, 1, w, avutil.AV_PIX_FMT_YUV420P, packed);
                r.stop();
            }
        }
        assertEquals(360, w, "the sample this test is about");

        try (FFmpegFrameGrabber back = new FFmpegFrameGrabber(part.toFile())) {
            back.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            back.start();
            ByteBuffer read = ByteBuffer.allocateDirect(w * h * 3 / 2);
            DemoFootage.pack(back.grabImage(), back.getImageHeight(), w, h, read);
            assertArrayEquals(written, bytes(read), "FFV1 is lossless: every plane comes back as written");
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
