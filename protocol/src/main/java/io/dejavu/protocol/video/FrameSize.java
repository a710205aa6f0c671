package io.dejavu.protocol.video;

import java.util.Locale;

/**
 * A video frame size in pixels, the one type for calls, footage and training: I420 needs both sides
 * even, and sizes run from 16x16 to 7680x4320.
 *
 * <pre>{@code
 * FrameSize size = FrameSize.parse("640x360");
 * }</pre>
 *
 * @param width pixels per row
 * @param height rows
 */
public record FrameSize(int width, int height) {
    public FrameSize {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0 || width > 7680 || height > 4320) {
            throw new IllegalArgumentException(
                    "frame size must be positive and even, from 16x16 to 7680x4320 (e.g. 256x256, 640x360), got "
                            + width + "x" + height);
        }
    }

    /**
     * Parses {@code WxH}, e.g. {@code 640x360}.
     *
     * @throws IllegalArgumentException naming the text when it is not of that form or not a valid size
     */
    public static FrameSize parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "frame size must look like WxH (e.g. 256x256, 640x360), got '" + text + "'");
        }
        try {
            return new FrameSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "frame size must look like WxH (e.g. 256x256, 640x360), got '" + text + "'", e);
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
