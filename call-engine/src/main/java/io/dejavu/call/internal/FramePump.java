package io.dejavu.call.internal;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.dejavu.call.MediaException;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link FrameSource} into libwebrtc at the source's frame rate on its own named thread:
 * each tick takes the next frame, lets the call stamp and log it, copies it into a native buffer,
 * pushes it and hands the frame to the local preview queue.
 */
public final class FramePump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FramePump.class);

    private final FrameSource source;
    private final CustomVideoSource target;
    private final ObjLongConsumer<I420Frame> beforePush;
    private final LatestFrameQueue preview;
    private final ScheduledExecutorService thread;
    private final AtomicLong pushed = new AtomicLong();
    private volatile boolean enabled = true;
    private volatile boolean closed;

    public FramePump(
            String threadName,
            FrameSource source,
            CustomVideoSource target,
            ObjLongConsumer<I420Frame> beforePush,
            LatestFrameQueue preview) {
        this.source = source;
        this.target = target;
        this.beforePush = beforePush;
        this.preview = preview;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        long periodMicros = Math.round(1_000_000 / source.fps());
        thread.scheduleAtFixedRate(this::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    /** While disabled nothing is pushed (the camera is "off"). */
    public void setEnabled(boolean on) {
        enabled = on;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Frames pushed into libwebrtc so far. */
    public long framesPushed() {
        return pushed.get();
    }

    public double fps() {
        return source.fps();
    }

    private void tick() {
        if (!enabled || closed) {
            return;
        }
        I420Frame frame;
        try {
            frame = source.next();
        } catch (MediaException | RuntimeException e) {
            LOG.error("video source failed, stopping outgoing video: {}", e.getMessage());
            thread.shutdown();
            return;
        }
        long index = pushed.get();
        beforePush.accept(frame, index);
        NativeI420Buffer buffer = I420Buffers.toNative(frame);
        VideoFrame videoFrame = new VideoFrame(buffer, System.nanoTime());
        try {
            target.pushFrame(videoFrame);
        } finally {
            videoFrame.release();
        }
        pushed.incrementAndGet();
        preview.offer(frame.withIndex(index, frame.timestampNanos()));
    }

    /** Stops the thread (waiting for a tick in progress) and closes the source. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("video pump thread did not stop in 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
