package io.dejavu.app.render;

import io.dejavu.app.common.NamedThreads;
import io.dejavu.protocol.video.I420Frame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Shows a stream of I420 frames as a JavaFX {@link Image} without ever blocking the FX thread.
 *
 * <p>{@link #submit} may be called from any thread and never blocks: it keeps only the newest
 * frame (an older unconverted one is dropped and counted). The conversion to ARGB runs on this
 * renderer's own named thread, at most {@link #setMaxFps} times a second and only when the FX
 * thread has shown the previous frame; the FX thread then copies the finished pixels into a
 * {@link PixelBuffer} (a memory copy, well under a millisecond at 720p) and the {@link
 * WritableImage} on top of it repaints.
 *
 * <pre>{@code
 * FrameRenderer remote = new FrameRenderer("remote", Platform::runLater);
 * imageView.imageProperty().bind(remote.imageProperty());
 * remote.submit(frame);           // from the pipeline thread
 * remote.close();
 * }</pre>
 */
public final class FrameRenderer implements AutoCloseable {
    /** Frames closer together than the frame interval minus this are too fast and wait. */
    private static final long JITTER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Executor fx;
    private final ScheduledExecutorService converter;
    private final AtomicReference<I420Frame> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean presentPending = new AtomicBoolean();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong presented = new AtomicLong();
    private final ReadOnlyObjectWrapper<Image> image = new ReadOnlyObjectWrapper<>();
    private volatile long minIntervalNanos = TimeUnit.SECONDS.toNanos(1) / 30;
    private volatile boolean closed;

    // Converter thread only.
    private int[] argb = new int[0];
    private long nextAllowedNanos;

    // FX thread only.
    private PixelBuffer<IntBuffer> pixelBuffer;
    private WritableImage fxImage;

    /**
     * @param name names the converter thread {@code dejavu-render-<name>}
     * @param fx runs work on the FX thread ({@code Platform::runLater})
     */
    public FrameRenderer(String name, Executor fx) {
        this.fx = fx;
        ScheduledThreadPoolExecutor pool =
                new ScheduledThreadPoolExecutor(1, new NamedThreads("dejavu-render-" + name));
        pool.setRemoveOnCancelPolicy(true);
        this.converter = pool;
    }

    /** Shows at most {@code fps} frames per second (the stream's frame rate). */
    public void setMaxFps(double fps) {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("max fps must be positive, got " + fps);
        }
        minIntervalNanos = (long) (1e9 / fps);
    }

    /** Offers a frame; never blocks. The frame must not be modified afterwards. */
    public void submit(I420Frame frame) {
        if (closed) {
            return;
        }
        received.incrementAndGet();
        if (latest.getAndSet(frame) != null) {
            dropped.incrementAndGet();
        }
        schedule(0);
    }

    private void schedule(long delayNanos) {
        if (closed || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            converter.schedule(this::convertNext, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            scheduled.set(false); // closed meanwhile
        }
    }

    private void convertNext() {
        scheduled.set(false);
        if (closed || presentPending.get()) {
            return; // present() reschedules once the FX thread is done with the last frame
        }
        long now = System.nanoTime();
        long wait = nextAllowedNanos - now;
        if (wait > 0) {
            schedule(wait);
            return;
        }
        I420Frame frame = latest.getAndSet(null);
        if (frame == null) {
            return;
        }
        int w = frame.width();
        int h = frame.height();
        if (argb.length != w * h) {
            argb = new int[w * h];
        }
        I420ToArgb.convert(frame, argb);
        nextAllowedNanos = now + Math.max(0, minIntervalNanos - JITTER_NANOS);
        int[] pixels = argb;
        presentPending.set(true);
        try {
            fx.execute(() -> present(pixels, w, h));
        } catch (RuntimeException e) {
            presentPending.set(false); // FX toolkit gone: nothing to show on
        }
    }

    private void present(int[] pixels, int w, int h) {
        try {
            if (closed) {
                return;
            }
            if (pixelBuffer == null || pixelBuffer.getWidth() != w || pixelBuffer.getHeight() != h) {
                IntBuffer buffer = ByteBuffer.allocateDirect(w * h * 4)
                        .order(ByteOrder.nativeOrder())
                        .asIntBuffer();
                pixelBuffer = new PixelBuffer<>(w, h, buffer, PixelFormat.getIntArgbPreInstance());
                fxImage = new WritableImage(pixelBuffer);
                image.set(fxImage);
            }
            pixelBuffer.updateBuffer(pb -> {
                IntBuffer b = pb.getBuffer();
                b.clear();
                b.put(pixels, 0, w * h);
                b.flip();
                return null;
            });
            presented.incrementAndGet();
        } finally {
            presentPending.set(false);
            if (latest.get() != null) {
                schedule(0);
            }
        }
    }

    /** The image that shows the frames (FX thread; changes when the frame size changes). */
    public ReadOnlyObjectProperty<Image> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** Frames offered so far. */
    public long receivedCount() {
        return received.get();
    }

    /** Frames replaced by a newer one before they could be shown. */
    public long droppedCount() {
        return dropped.get();
    }

    /** Frames that reached the screen. */
    public long presentedCount() {
        return presented.get();
    }

    /** Stops the converter thread; later frames are ignored. Idempotent. */
    @Override
    public void close() {
        closed = true;
        latest.set(null);
        converter.shutdownNow();
    }
}
