package io.dejavu.learning.footage;

import io.dejavu.learning.PrivateFiles;
import io.dejavu.protocol.video.FfmpegMessages;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Encodes one call's kept frames losslessly (FFV1 in Matroska, YUV 4:2:0, one thread) into a file
 * of the call's folder being written, and stops taking frames once {@code maxFrames} are in or the
 * file nears {@code maxBytes}: a call that alone would exceed the store's bound is cut short to
 * fit. Not thread-safe: the recorder's writer thread owns it.
 */
final class FootageWriter implements AutoCloseable {
    // FFmpeg buffers its writes, so the file on disk trails what was encoded by up to this much;
    // the trailer (cues) is smaller still.
    private static final long SLACK_BYTES = 256 * 1024;

    private final Path video;
    private final FrameSize size;
    private final long maxBytes;
    private final int maxFrames;
    private final FFmpegFrameRecorder recorder;
    private final ByteBuffer packed;
    private int frames;
    private long largestFrame;
    private long lastSize;
    private boolean full;
    private boolean finished;

    private FootageWriter(Path video, FrameSize size, long maxBytes, int maxFrames, FFmpegFrameRecorder recorder) {
        this.video = video;
        this.size = size;
        this.maxBytes = maxBytes;
        this.maxFrames = maxFrames;
        this.recorder = recorder;
        this.packed = ByteBuffer.allocateDirect(size.width() * size.height() * 3 / 2);
    }

    /**
     * Starts the file {@code video} (created owner-only first, so FFmpeg keeps the mode).
     *
     * @throws FootageException if the file cannot be created or FFmpeg cannot start the encoder
     */
    static FootageWriter start(Path video, FrameSize size, double fps, long maxBytes, int maxFrames) {
        try {
            PrivateFiles.newFile(video);
        } catch (IOException e) {
            throw new FootageException("cannot create " + video + ": " + e.getMessage(), e);
        }
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(video.toFile(), size.width(), size.height(), 0);
        r.setFormat("matroska");
        r.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps);
        // One thread: the call in progress needs the cores more than the footage does.
        r.setVideoOption("threads", "1");
        try {
            r.start();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            release(r);
            throw new FootageException("cannot start the footage encoder: " + reason(e), e);
        }
        return new FootageWriter(video, size, maxBytes, maxFrames, r);
    }

    /**
     * Encodes {@code frame} unless the writer is full; returns whether it was kept.
     *
     * @throws FootageException if FFmpeg or the disk fails
     */
    boolean write(I420Frame frame) {
        if (full || finished) {
            return false;
        }
        if (frame.width() != size.width() || frame.height() != size.height()) {
            throw new FootageException("a " + frame.width() + "x" + frame.height() + " frame arrived for footage of "
                    + size + "; the call changed its send size");
        }
        packed.clear();
        packed.put(frame.y()).put(frame.u()).put(frame.v()).flip();
        try {
            recorder.recordImage(
                    size.width(), size.height(), Frame.DEPTH_UBYTE, 1, size.width(), avutil.AV_PIX_FMT_YUV420P, packed);
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new FootageException("encoding kept footage failed: " + reason(e), e);
        }
        frames++;
        long now = fileSize();
        largestFrame = Math.max(largestFrame, now - lastSize);
        lastSize = now;
        if (frames >= maxFrames || now + 2 * largestFrame + SLACK_BYTES > maxBytes) {
            full = true;
        }
        return true;
    }

    /** Frames encoded. */
    int frames() {
        return frames;
    }

    /** No more frames fit (per-call seconds or bytes). */
    boolean full() {
        return full;
    }

    Path video() {
        return video;
    }

    /**
     * Writes the file's trailer; the file is complete after this.
     *
     * @throws FootageException if FFmpeg or the disk fails
     */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new FootageException("finishing kept footage failed: " + reason(e), e);
        }
    }

    /** Releases FFmpeg's encoder; the file stays as it is (the store decides whether it is kept). */
    @Override
    public void close() {
        finished = true;
        release(recorder);
    }

    private long fileSize() {
        try {
            return Files.size(video);
        } catch (IOException e) {
            throw new FootageException("kept footage vanished while being written: " + video, e);
        }
    }

    private static void release(FFmpegFrameRecorder r) {
        try {
            r.release();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            // closing anyway
        }
    }

    private static String reason(Exception e) {
        return FfmpegMessages.oneLine(e.getMessage(), code -> {
            byte[] buf = new byte[256];
            return avutil.av_strerror(code, buf, buf.length) == 0 ? FfmpegMessages.cString(buf) : "error " + code;
        });
    }
}
