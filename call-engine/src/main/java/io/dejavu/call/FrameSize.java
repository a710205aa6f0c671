package io.dejavu.call;

/**
 * A video frame size in pixels; I420 needs both sides even.
 *
 * <pre>{@code
 * FrameSize size = FrameSize.parse("640x360");
 * }</pre>
 */
public record FrameSize(int width, int height) {
    public FrameSize {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0 || width > 7680 || height > 4320) {
            throw new IllegalArgumentException(
                    "frame size must be even and between 16x16 and 7680x4320, got " + width + "x" + height);
        }
    }

    /**
     * Parses {@code WIDTHxHEIGHT}, e.g. {@code 640x360}.
     *
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static FrameSize parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "frame size '" + text + "' is not of the form WIDTHxHEIGHT, e.g. 640x360");
        }
        try {
            return new FrameSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "frame size '" + text + "' is not of the form WIDTHxHEIGHT, e.g. 640x360");
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
