package io.dejavu.app.render;

import io.dejavu.app.common.NamedThreads;
import io.dejavu.protocol.video.I420Frame;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.PixelBuffer;

/**
 * Shows a stream of I420 frames as a JavaFX {@link Image} without ever blocking the FX thread.
 *
 * <p>{@link #submit} may be called from any thread and never blocks: it keeps only the newest
 * frame (an older unconverted one is dropped and counted). This renderer's own named thread
 * converts that frame straight into the pixels of the back one of two {@link PixelBuffer}s, at
 * most {@link #setMaxFps} times a second and only when the FX thread has shown the previous frame;
 * the FX thread then only swaps the two (marks the back buffer changed with {@code updateBuffer} and
 * shows its image). Buffers are reused; new ones are made only when the frame size changes.
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
    private final Thread converter;
    private final Runnable presentTask = this::present;
    private final AtomicReference<I420Frame> latest = new AtomicReference<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong presented = new AtomicLong();
    private final ReadOnlyObjectWrapper<Image> image = new ReadOnlyObjectWrapper<>();
    private volatile long minIntervalNanos = TimeUnit.SECONDS.toNanos(1) / 30;
    private volatile boolean closed;
    /**
     * Hands the buffers over: while true the FX thread owns {@link #ready} and {@link #back} (it
     * swaps them), while false the converter does (it fills {@link #back}).
     */
    private volatile boolean presentPending;

    private ArgbSurface back; // the buffer not on screen
    private ArgbSurface ready; // the converted frame waiting for the FX thread
    private ArgbSurface front; // FX thread only: the buffer on screen
    private long nextAllowedNanos; // converter thread only

    /**
     * @param name names the converter thread {@code dejavu-render-<name>}
     * @param fx runs work on the FX thread ({@code Platform::runLater})
     */
    public FrameRenderer(String name, Executor fx) {
        this.fx = fx;
        this.converter = new NamedThreads("dejavu-render-" + name).newThread(this::convertLoop);
        converter.start();
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
        LockSupport.unpark(converter);
    }

    private void convertLoop() {
        while (!closed) {
            if (presentPending || latest.get() == null) {
                LockSupport.park(this); // submit() and present() unpark
                continue;
            }
            long now = System.nanoTime();
            long wait = nextAllowedNanos - now;
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            I420Frame frame = latest.getAndSet(null);
            if (frame != null) {
                convert(frame, now);
            }
        }
    }

    private void convert(I420Frame frame, long now) {
        ArgbSurface target = back;
        if (target == null || !target.fits(frame.width(), frame.height())) {
            target = new ArgbSurface(frame.width(), frame.height());
        }
        I420ToArgb.convert(frame, target.pixels());
        nextAllowedNanos = now + Math.max(0, minIntervalNanos - JITTER_NANOS);
        ready = target;
        presentPending = true;
        try {
            fx.execute(presentTask);
        } catch (RuntimeException e) {
            presentPending = false; // FX toolkit gone: nothing to show on
        }
    }

    /** FX thread: the converted back buffer goes on screen, the one it replaces becomes the back. */
    private void present() {
        try {
            ArgbSurface shown = ready;
            if (closed || shown == null) {
                return;
            }
            shown.markChanged();
            image.set(shown.image());
            back = front;
            front = shown;
            ready = null;
            presented.incrementAndGet();
        } finally {
            presentPending = false;
            LockSupport.unpark(converter);
        }
    }

    /** The image that shows the frames (FX thread; alternates between the two buffers' images). */
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

    /** Stops the converter thread; later frames are ignored. Idempotent; does not wait. */
    @Override
    public void close() {
        closed = true;
        latest.set(null);
        LockSupport.unpark(converter);
    }
}
