package io.dejavu.scorer.pipeline;

import io.dejavu.protocol.model.OperatingRange;
import java.util.Locale;

/**
 * The incoming stream as the call engine measured it over the last second: what a receiver needs
 * to know whether the caller's model helps at this quality.
 *
 * @param codec the decoder's codec, e.g. {@code video/VP8} or {@code vp8}
 * @param kbps received video bitrate
 * @param fps frames decoded per second
 * @param width decoded frame width
 * @param height decoded frame height
 */
public record StreamPoint(String codec, double kbps, double fps, int width, int height) {
    /** Below this the decoder has barely started; the frame rate is not yet a rate. */
    static final double MIN_FPS = 1.0;

    public StreamPoint {
        codec = codec == null ? "" : codec;
    }

    /** Whether the numbers are complete enough to place the stream (bitrate, rate and size known). */
    public boolean measured() {
        return kbps > 0 && fps >= MIN_FPS && width > 0 && height > 0;
    }

    /** Bits per pixel per frame. */
    public double bitsPerPixel() {
        return OperatingRange.bitsPerPixel(kbps, width, height, fps);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s %dx%d %.0f kbps %.1f fps%s",
                codec.isEmpty() ? "?" : OperatingRange.normalizeCodec(codec),
                width,
                height,
                kbps,
                fps,
                measured() ? String.format(Locale.ROOT, " (%.3f bits/pixel)", bitsPerPixel()) : "");
    }
}
