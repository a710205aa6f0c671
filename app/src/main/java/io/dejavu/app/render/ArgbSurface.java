package io.dejavu.app.render;

import java.nio.IntBuffer;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.util.Callback;

/**
 * One frame's worth of ARGB pixels that JavaFX shows without copying: an {@code int[]} wrapped in
 * the {@link IntBuffer} of a {@link PixelBuffer}, and the {@link WritableImage} on top of it. The
 * converter writes {@link #pixels()} while the surface is off screen; the FX thread makes the
 * buffer and image (on first use) and marks them changed.
 */
final class ArgbSurface {
    /** The whole buffer changed (a null dirty region means all of it). */
    private static final Callback<PixelBuffer<IntBuffer>, Rectangle2D> WHOLE = pb -> null;

    private final int width;
    private final int height;
    private final int[] pixels;
    private PixelBuffer<IntBuffer> buffer; // FX thread only
    private WritableImage image; // FX thread only

    ArgbSurface(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("surface size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.pixels = new int[width * height];
    }

    boolean fits(int w, int h) {
        return w == width && h == height;
    }

    /** Opaque ARGB (so premultiplied too), row by row; write only while off screen. */
    int[] pixels() {
        return pixels;
    }

    /** FX thread: tells every image on the buffer that all its pixels changed. */
    void markChanged() {
        if (buffer == null) {
            buffer = new PixelBuffer<>(width, height, IntBuffer.wrap(pixels), PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(buffer);
        } else {
            buffer.updateBuffer(WHOLE);
        }
    }

    /** FX thread, after {@link #markChanged()}: the image that shows the pixels. */
    WritableImage image() {
        return image;
    }
}
