package io.dejavu.training.footage;

import io.dejavu.protocol.video.CoverCrop;
import io.dejavu.protocol.video.FfmpegMessages;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.training.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a clip into I420 frames with FFmpeg, optionally scaled (cover and centre-crop, so faces
 * keep their proportions) to the call size.
 *
 * <p>Frames are converted to YUV420P, never GRAY: FFmpeg's GRAY output rescales the luma range,
 * which would make every PSNR number wrong.
 *
 * <pre>{@code
 * Footage f = FootageReader.read(Path.of("clip.mp4"), Optional.of(new FrameSize(256, 256)), 1500);
 * }</pre>
 */
public final class FootageReader {
    private static final Logger LOG = LoggerFactory.getLogger(FootageReader.class);

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private FootageReader() {}

    /**
     * Reads up to {@code maxFrames} frames.
     *
     * @param file the clip
     * @param size the size to scale to, or empty to keep the source size (rounded down to even)
     * @param maxFrames most frames to read (memory bound)
     * @throws TrainingException if the file is missing or not a readable video
     */
    public static Footage read(Path file, Optional<FrameSize> size, int maxFrames) {
        if (!Files.isRegularFile(file)) {
            throw new TrainingException("video file not found: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new TrainingException("video file is not readable: " + file);
        }
        FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            grabber.setImageScalingFlags(swscale.SWS_AREA | swscale.SWS_ACCURATE_RND);
            try {
                grabber.start();
            } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
                throw new TrainingException("cannot read " + file + " as video: " + ffmpegReason(e), e);
            }
            int srcW = grabber.getImageWidth();
            int srcH = grabber.getImageHeight();
            if (srcW <= 0 || srcH <= 0) {
                throw new TrainingException("no video stream in " + file);
            }
            FrameSize target;
            try {
                target = size.orElseGet(() -> new FrameSize(srcW & ~1, srcH & ~1));
            } catch (IllegalArgumentException e) {
                throw new TrainingException(
                        "cannot use " + file + " (" + srcW + "x" + srcH + "): " + e.getMessage(), e);
            }
            // Cover the target box, then crop the middle: keeps aspect ratio for portrait clips.
            CoverCrop cover = CoverCrop.of(srcW, srcH, target);
            grabber.setImageWidth(cover.scaledWidth());
            grabber.setImageHeight(cover.scaledHeight());
            int cropX = cover.cropX();
            int cropY = cover.cropY();
            double fps = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25.0;
            List<I420Frame> frames = new ArrayList<>();
            Frame frame;
            while (frames.size() < maxFrames && (frame = grabber.grabImage()) != null) {
                if (!(frame.opaque instanceof AVFrame av)) {
                    throw new TrainingException("FFmpeg returned no YUV picture for " + file);
                }
                frames.add(copy(av, target, cropX, cropY, frames.size(), fps));
            }
            grabber.stop();
            LOG.debug(
                    "read {} frames of {} ({}x{} -> {}) at {} fps",
                    frames.size(),
                    file.getFileName(),
                    srcW,
                    srcH,
                    target,
                    fps);
            return new Footage(file, fps, target, frames);
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new TrainingException("cannot decode " + file + ": " + ffmpegReason(e), e);
        }
    }

    /**
     * The clip's own frame size, without decoding it: whether a call size would be scaled up from it.
     *
     * @throws TrainingException if the file is missing or not a readable video
     */
    public static FrameSize sourceSize(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TrainingException("video file not found: " + file);
        }
        FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            int w = grabber.getImageWidth();
            int h = grabber.getImageHeight();
            grabber.stop();
            if (w <= 0 || h <= 0) {
                throw new TrainingException("no video stream in " + file);
            }
            return new FrameSize(w & ~1, h & ~1);
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new TrainingException("cannot read " + file + " as video: " + ffmpegReason(e), e);
        }
    }

    /** FFmpeg's failure as one line ({@link FfmpegMessages}). */
    static String ffmpegReason(Exception e) {
        return FfmpegMessages.oneLine(e.getMessage(), CodecRoundTrip::describeError);
    }

    private static I420Frame copy(AVFrame av, FrameSize target, int cropX, int cropY, int index, double fps) {
        int w = target.width();
        int h = target.height();
        byte[] y = plane(av, 0, w, h, cropX, cropY);
        byte[] u = plane(av, 1, w / 2, h / 2, cropX / 2, cropY / 2);
        byte[] v = plane(av, 2, w / 2, h / 2, cropX / 2, cropY / 2);
        return new I420Frame(w, h, y, u, v, Math.round(index * 1e9 / fps), index);
    }

    private static byte[] plane(AVFrame av, int p, int w, int h, int x0, int y0) {
        int stride = av.linesize(p);
        byte[] out = new byte[w * h];
        var data = av.data(p);
        for (int row = 0; row < h; row++) {
            data.position((long) (row + y0) * stride + x0).get(out, row * w, w);
        }
        data.position(0);
        return out;
    }
}
