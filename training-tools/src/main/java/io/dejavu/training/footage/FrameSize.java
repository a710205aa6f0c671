package io.dejavu.training.footage;

import io.dejavu.training.TrainingException;

/**
 * A frame size in pixels, even in both directions as I420 needs.
 *
 * @param width pixels per row
 * @param height rows
 */
public record FrameSize(int width, int height) {
    public FrameSize {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new TrainingException(
                    "frame size must be positive and even (e.g. 256x256, 640x360), got " + width + "x" + height);
        }
    }

    /** Parses {@code WxH}, e.g. {@code 640x360}. */
    public static FrameSize parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new TrainingException("size must look like WxH (e.g. 256x256), got '" + text + "'");
        }
        try {
            return new FrameSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new TrainingException("size must look like WxH (e.g. 256x256), got '" + text + "'", e);
        }
    }

    public int pixels() {
        return width * height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
