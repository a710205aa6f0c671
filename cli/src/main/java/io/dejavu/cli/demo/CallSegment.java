package io.dejavu.cli.demo;

import io.dejavu.call.UnpaddedI420;
import io.dejavu.protocol.video.FrameSize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * One stretch of a recording, cut to a lossless file of its own: what {@code demo learn}'s caller
 * sends in one call, and (until the capture change's recorder lands) the footage kept of it.
 *
 * @param file the FFV1 file written
 * @param size its frame size (the clip's own, even)
 * @param frames frames written
 * @param fps the clip's frame rate
 */
record CallSegment(Path file, FrameSize size, int frames, double fps) {
    double seconds() {
        return frames / fps;
    }

    /** The recording's length in seconds. */
    static double lengthSeconds(Path source) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile())) {
            g.start();
            double seconds = g.getLengthInTime() / 1e6;
            g.stop();
            return seconds;
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Frames from {@code fromSeconds} (inclusive) to {@code toSeconds} (exclusive) of {@code source}. */
    static CallSegment cut(Path source, double fromSeconds, double toSeconds, Path out) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".part.mkv");
        int written = 0;
        int w;
        int h;
        double fps;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            g.start();
            w = g.getImageWidth() & ~1;
            h = g.getImageHeight() & ~1;
            fps = g.getFrameRate() > 0 ? g.getFrameRate() : 25;
            ByteBuffer packed = ByteBuffer.allocateDirect(w * h * 3 / 2);
            try (FFmpegFrameRecorder r = DemoFootage.recorder(tmp, w, h, fps)) {
                r.start();
                Frame f;
                while ((f = g.grabImage()) != null) {
                    double t = f.timestamp / 1e6;
                    if (t >= toSeconds) {
                        break;
                    }
                    if (t < fromSeconds) {
                        continue;
                    }
                    UnpaddedI420.pack(f, g.getImageHeight(), 0, 0, w, h, packed);
                    r.recordImage(w, h, Frame.DEPTH_UBYTE, 1, w, avutil.AV_PIX_FMT_YUV420P, packed);
                    written++;
                }
                r.stop();
            }
            g.stop();
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot cut " + source + " at " + fromSeconds + " s: " + e.getMessage(), e);
        }
        if (written == 0) {
            Files.deleteIfExists(tmp);
            throw new IOException(String.format(
                    java.util.Locale.ROOT, "%s has no frames from %.0f s on: it is shorter", source, fromSeconds));
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new CallSegment(out, new FrameSize(w, h), written, fps);
    }
}
