package io.dejavu.call.internal;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.dejavu.call.MediaException;
import io.dejavu.protocol.video.I420Frame;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link FrameSource} into libwebrtc at the source's frame rate on its own named thread:
 * each tick takes the next frame, lets the call stamp and log it, copies it into a native buffer,
 * pushes it and hands the frame, carrying its index, to {@code afterPush} (the self view and the
 * call's sent-frame listeners).
 */
public final class FramePump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FramePump.class);

    private final FrameSource source;
    private final CustomVideoSource target;
    private final ObjLongConsumer<I420Frame> beforePush;
    private final Consumer<I420Frame> afterPush;
    private final ScheduledExecutorService thread;
    private final AtomicLong pushed = new AtomicLong();
    private volatile boolean enabled = true;
    private volatile boolean closed;
    private int idleTicks;
    private I420Frame black;

    public FramePump(
            String threadName,
            FrameSource source,
            CustomVideoSource target,
            ObjLongConsumer<I420Frame> beforePush,
            Consumer<I420Frame> afterPush) {
        this.source = source;
        this.target = target;
        this.beforePush = beforePush;
        this.afterPush = afterPush;
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

    /** While disabled (the camera is "off") only a black frame a second is pushed. */
    public void setEnabled(boolean on) {
        enabled = on;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Source frames pushed into libwebrtc so far (black keep-alive frames not counted). */
    public long framesPushed() {
        return pushed.get();
    }

    public double fps() {
        return source.fps();
    }

    private void tick() {
        if (closed) {
            return;
        }
        if (!enabled) {
            keepAlive();
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
        afterPush.accept(frame.withIndex(index, frame.timestampNanos()));
    }

    // With the camera off a black frame still goes out once a second, so the peer keeps seeing
    // packets (its peer-loss watchdog) and keeps the last picture black rather than frozen.
    private void keepAlive() {
        if (++idleTicks < Math.max(1, Math.round(source.fps()))) {
            return;
        }
        idleTicks = 0;
        if (black == null) {
            black = I420Frame.blank(source.size().width(), source.size().height());
            java.util.Arrays.fill(black.y(), (byte) 16);
        }
        VideoFrame videoFrame = new VideoFrame(I420Buffers.toNative(black), System.nanoTime());
        try {
            target.pushFrame(videoFrame);
        } finally {
            videoFrame.release();
        }
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
