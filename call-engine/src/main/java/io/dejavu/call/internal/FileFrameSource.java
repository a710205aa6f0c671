package io.dejavu.call.internal;

import io.dejavu.call.MediaException;
import io.dejavu.protocol.video.FfmpegMessages;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes a video file with FFmpeg into I420 frames, looping at the end. With a target size the
 * picture is scaled to cover it (keeping the aspect ratio) and centre-cropped, so faces are not
 * stretched.
 *
 * <pre>{@code
 * try (FileFrameSource source = FileFrameSource.open(Path.of("me.mp4"), Optional.of(new FrameSize(640, 360)))) {
 *     I420Frame frame = source.next();
 * }
 * }</pre>
 */
public final class FileFrameSource implements FrameSource {
    static {
        // FFmpeg prints stream dumps and option warnings to stderr; keep only errors.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final Path path;
    private final FFmpegFrameGrabber grabber;
    private final FrameSize size;
    private final int decodedWidth;
    private final int decodedHeight;
    private final double fps;
    private long frames;
    private long loops;
    private boolean closed;

    private FileFrameSource(
            Path path, FFmpegFrameGrabber grabber, FrameSize size, int decodedWidth, int decodedHeight, double fps) {
        this.path = path;
        this.grabber = grabber;
        this.size = size;
        this.decodedWidth = decodedWidth;
        this.decodedHeight = decodedHeight;
        this.fps = fps;
    }

    /**
     * Opens the file; {@code target} empty keeps the file's size (rounded down to even).
     *
     * @throws MediaException if FFmpeg cannot open or decode the file
     */
    public static FileFrameSource open(Path path, Optional<FrameSize> target) throws MediaException {
        FFmpegFrameGrabber probe = new FFmpegFrameGrabber(path.toFile());
        int srcW;
        int srcH;
        double fps;
        try {
            probe.start();
            srcW = probe.getImageWidth();
            srcH = probe.getImageHeight();
            fps = probe.getFrameRate();
            probe.stop();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new MediaException("cannot open video file " + path + ": " + ffmpegReason(e), e);
        } finally {
            releaseQuietly(probe);
        }
        if (srcW < 2 || srcH < 2) {
            throw new MediaException("video file " + path + " has no video stream");
        }
        if (!(fps > 0 && fps <= 120)) {
            fps = 30;
        }
        FrameSize size = target.orElse(new FrameSize(srcW & ~1, srcH & ~1));
        // Scale to cover the target, then crop the middle.
        double scale = Math.max((double) size.width() / srcW, (double) size.height() / srcH);
        int w = Math.max(size.width(), (int) Math.round(srcW * scale) & ~1);
        int h = Math.max(size.height(), (int) Math.round(srcH * scale) & ~1);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        grabber.setImageWidth(w);
        grabber.setImageHeight(h);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            releaseQuietly(grabber);
            throw new MediaException("cannot decode video file " + path + ": " + ffmpegReason(e), e);
        }
        return new FileFrameSource(path, grabber, size, w, h, fps);
    }

    @Override
    public FrameSize size() {
        return size;
    }

    @Override
    public double fps() {
        return fps;
    }

    /** How many times the file has wrapped around. */
    public long loops() {
        return loops;
    }

    @Override
    public I420Frame next() throws MediaException {
        if (closed) {
            throw new IllegalStateException("file source " + path + " is closed");
        }
        try {
            Frame frame = grabber.grabImage();
            if (frame == null) {
                if (frames == 0) {
                    throw new MediaException("video file " + path + " has no decodable frames");
                }
                loops++;
                grabber.restart();
                frame = grabber.grabImage();
                if (frame == null) {
                    throw new MediaException("video file " + path + " cannot be rewound");
                }
            }
            frames++;
            return crop(frame);
        } catch (FrameGrabber.Exception e) {
            throw new MediaException("decoding " + path + " failed: " + ffmpegReason(e), e);
        }
    }

    private I420Frame crop(Frame frame) {
        ByteBuffer data = ((ByteBuffer) frame.image[0]).duplicate();
        data.clear();
        int yStride = frame.imageStride;
        int cStride = yStride / 2;
        int uOffset = yStride * decodedHeight;
        int vOffset = uOffset + cStride * (decodedHeight / 2);
        int w = size.width();
        int h = size.height();
        int x0 = ((decodedWidth - w) / 2) & ~1;
        int y0 = ((decodedHeight - h) / 2) & ~1;
        byte[] y = new byte[w * h];
        byte[] u = new byte[I420Frame.chromaLength(w, h)];
        byte[] v = new byte[u.length];
        for (int row = 0; row < h; row++) {
            data.get((y0 + row) * yStride + x0, y, row * w, w);
        }
        int cw = w / 2;
        for (int row = 0; row < h / 2; row++) {
            int src = (y0 / 2 + row) * cStride + x0 / 2;
            data.get(uOffset + src, u, row * cw, cw);
            data.get(vOffset + src, v, row * cw, cw);
        }
        return new I420Frame(w, h, y, u, v, System.nanoTime(), I420Frame.NO_INDEX);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            // Closing anyway; nothing the caller can do.
        }
        releaseQuietly(grabber);
    }

    /** FFmpeg's failure as one line ({@link FfmpegMessages}). */
    static String ffmpegReason(Exception e) {
        return FfmpegMessages.oneLine(e.getMessage(), code -> {
            byte[] buf = new byte[256];
            return avutil.av_strerror(code, buf, buf.length) == 0 ? FfmpegMessages.cString(buf) : "error " + code;
        });
    }

    private static void releaseQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception e) {
            // Already failing or closing.
        }
    }
}
