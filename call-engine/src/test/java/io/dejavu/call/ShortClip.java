package io.dejavu.call;

import io.dejavu.testing.SampleFootage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * A short clip cut from a fetched sample, for tests about the end of a file (looping): the samples
 * are all longer than such tests want to play. Written once per build into {@code target/}, losslessly
 * (FFV1 in Matroska, YUV 4:2:0) at the sample's size and frame rate.
 */
final class ShortClip {
    private ShortClip() {}

    /** The first {@code frames} frames of the sample {@code name}. */
    static synchronized Path firstFrames(String name, int frames) throws IOException {
        Path source = SampleFootage.require(name);
        Path dir = Files.createDirectories(Paths.get("target", "test-clips"));
        // "-v2": cuts before it had sheared chroma at padded widths
        Path out = dir.resolve(name.replaceAll("\\.[^.]+$", "") + "-" + frames + "f-v2.mkv");
        if (Files.isRegularFile(out)) {
            return out;
        }
        Path part = dir.resolve(out.getFileName() + ".part.mkv");
        write(source, frames, part);
        return Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes the first {@code frames} frames of {@code source} to {@code out} (FFV1, YUV 4:2:0). */
    static void write(Path source, int frames, Path out) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            g.start();
            int w = g.getImageWidth() & ~1;
            int h = g.getImageHeight() & ~1;
            ByteBuffer packed = ByteBuffer.allocateDirect(w * h * 3 / 2);
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toFile(), w, h, 0)) {
                r.setFormat("matroska");
                r.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
                r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                r.setFrameRate(g.getFrameRate());
                r.start();
                Frame f;
                int written = 0;
                while (written < frames && (f = g.grabImage()) != null) {
                    UnpaddedI420.pack(f, g.getImageHeight(), w, h, packed);
                    r.recordImage(w, h, Frame.DEPTH_UBYTE, 1, w, avutil.AV_PIX_FMT_YUV420P, packed);
                    written++;
                }
                if (written < frames) {
                    throw new IOException(
                            source.getFileName() + " has only " + written + " frames, " + frames + " wanted");
                }
                r.stop();
            }
            g.stop();
        }
    }
}
