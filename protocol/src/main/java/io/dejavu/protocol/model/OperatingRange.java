package io.dejavu.protocol.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a model helps: the codec, the frame sizes and the range of bits per pixel it was trained and
 * validated on, with the gain measured at each validated point. A receiver enhances only inside it
 * (ADR 0506); outside, frames pass through, because a model used away from the quality it learned
 * from makes the picture worse (a model trained at 50 kbps loses 1-3 dB at 150-300 kbps).
 *
 * <p>Bits per pixel are per frame: {@code kbps * 1000 / (width * height * fps)}, so one range covers
 * a size at any frame rate. 256x256 at 60 kbps and 25 fps is 0.037.
 *
 * <pre>{@code
 * OperatingRange r = metadata.effectiveRange();
 * Optional<String> why = r.outside("vp8", 256, 256, OperatingRange.bitsPerPixel(150, 256, 256, 25));
 * why.ifPresent(reason -> log.info("passing frames through: {}", reason));
 * }</pre>
 *
 * @param codec the codec the model was validated with ({@code vp8}, {@code h264}, ...), or {@code
 *     "*"} for any codec
 * @param sizes frame sizes the model was validated at; empty when it helps nowhere
 * @param minBpp lowest bits per pixel per frame at which it helps (inclusive)
 * @param maxBpp highest bits per pixel per frame at which it helps (inclusive)
 * @param points the measured points the range was drawn from (empty for a derived range)
 * @param basis how the range was found: {@link #VALIDATED}, {@link #DERIVED} or {@link #UNRESTRICTED}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperatingRange(
        String codec, List<Size> sizes, double minBpp, double maxBpp, List<Point> points, String basis) {
    /** Measured on held-back footage at several bitrates by the training tools. */
    public static final String VALIDATED = "validated";
    /** Guessed conservatively from an old bundle's single recorded bitrate. */
    public static final String DERIVED = "derived";
    /** No restriction: a model loaded without metadata, for benchmarks and tests of the runtime. */
    public static final String UNRESTRICTED = "unrestricted";

    /** An old bundle's range runs from this share of its recorded bitrate ... */
    static final double DERIVED_LOW = 0.5;
    /** ... to this share, counted at 30 fps (the lowest bits per pixel a camera's frame rate gives). */
    static final double DERIVED_HIGH = 1.25;

    /** A frame size. */
    public record Size(int width, int height) {
        public Size {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException(
                        "operating range size must be positive, got " + width + "x" + height);
            }
        }

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /**
     * One validated point.
     *
     * @param width frame width
     * @param height frame height
     * @param kbps bitrate measured over the validation footage
     * @param fps the footage's frame rate
     * @param bpp bits per pixel per frame
     * @param gainDb the model's PSNR-Y gain there
     * @param genericGainDb the generic model's gain on the same frames (NaN when not measured)
     * @param frames frames measured
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Point(
            int width,
            int height,
            double kbps,
            double fps,
            double bpp,
            double gainDb,
            double genericGainDb,
            int frames) {
        public Point {
            if (!(bpp >= 0) || !Double.isFinite(bpp)) {
                throw new IllegalArgumentException("operating point bpp must be finite and >= 0, got " + bpp);
            }
            if (!Double.isFinite(gainDb)) {
                throw new IllegalArgumentException("operating point gainDb must be finite, got " + gainDb);
            }
        }

        public Size size() {
            return new Size(width, height);
        }
    }

    public OperatingRange {
        codec = codec == null || codec.isBlank() ? "*" : normalizeCodec(codec);
        sizes = sizes == null ? List.of() : List.copyOf(sizes);
        points = points == null ? List.of() : List.copyOf(points);
        basis = basis == null || basis.isBlank() ? VALIDATED : basis;
        if (!Double.isFinite(minBpp) || !Double.isFinite(maxBpp) || minBpp < 0 || maxBpp < minBpp) {
            if (!(UNRESTRICTED.equals(basis) && maxBpp == Double.POSITIVE_INFINITY && minBpp == 0)) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "operating range needs 0 <= minBpp <= maxBpp (finite), got %s..%s",
                        minBpp,
                        maxBpp));
            }
        }
    }

    /** The range of a model loaded without metadata: enhances everywhere. */
    public static OperatingRange unrestricted() {
        return new OperatingRange("*", List.of(), 0, Double.POSITIVE_INFINITY, List.of(), UNRESTRICTED);
    }

    /** A range that enhances nowhere (a model that helped at no validated point). */
    public static OperatingRange nowhere(String codec, List<Point> points) {
        return new OperatingRange(codec, List.of(), 0, 0, points, VALIDATED);
    }

    /**
     * The conservative range of an old bundle that declares none: its recorded size and codec, from
     * half its recorded bitrate to 1.25 times it, in bits per pixel at 30 fps.
     */
    public static OperatingRange derived(String codec, int width, int height, int bitrateKbps) {
        if (width <= 0 || height <= 0 || bitrateKbps <= 0) {
            return nowhere(codec, List.of());
        }
        double bpp = bitsPerPixel(bitrateKbps, width, height, 30);
        return new OperatingRange(
                codec, List.of(new Size(width, height)), bpp * DERIVED_LOW, bpp * DERIVED_HIGH, List.of(), DERIVED);
    }

    /** Bits per pixel per frame of a stream. */
    public static double bitsPerPixel(double kbps, int width, int height, double fps) {
        if (width <= 0 || height <= 0 || !(fps > 0)) {
            throw new IllegalArgumentException(
                    "bits per pixel need a frame size and a frame rate, got " + width + "x" + height + " at " + fps);
        }
        return kbps * 1000.0 / ((double) width * height * fps);
    }

    /** "video/VP8", "VP8" and "vp8" all read as "vp8". */
    public static String normalizeCodec(String codec) {
        String c = codec.trim().toLowerCase(Locale.ROOT);
        int slash = c.indexOf('/');
        return slash >= 0 ? c.substring(slash + 1) : c;
    }

    @JsonIgnore
    public boolean isUnrestricted() {
        return UNRESTRICTED.equals(basis);
    }

    /** Whether the model helps anywhere at all. */
    public boolean helpsAnywhere() {
        return isUnrestricted() || !sizes.isEmpty();
    }

    /** Whether this codec and frame size are ones the model was validated for (bitrate aside). */
    public Optional<String> outsideShape(String streamCodec, int width, int height) {
        if (isUnrestricted()) {
            return Optional.empty();
        }
        if (sizes.isEmpty()) {
            return Optional.of("the model helped at no validated bitrate");
        }
        String c = streamCodec == null || streamCodec.isBlank() ? "" : normalizeCodec(streamCodec);
        if (!"*".equals(codec) && !c.isEmpty() && !codec.equals(c)) {
            return Optional.of("codec " + c + " is not the model's " + codec);
        }
        if (!sizes.contains(new Size(width, height))) {
            return Optional.of("frame size " + width + "x" + height + " is outside the model's " + sizesText());
        }
        return Optional.empty();
    }

    /**
     * Why a stream is outside the range, or empty when the model helps there.
     *
     * @param bpp the stream's bits per pixel per frame
     */
    public Optional<String> outside(String streamCodec, int width, int height, double bpp) {
        Optional<String> shape = outsideShape(streamCodec, width, height);
        if (shape.isPresent() || isUnrestricted()) {
            return shape;
        }
        if (bpp < minBpp) {
            return Optional.of(
                    String.format(Locale.ROOT, "%.3f bits/pixel is below the model's range %s", bpp, bppText()));
        }
        if (bpp > maxBpp) {
            return Optional.of(
                    String.format(Locale.ROOT, "%.3f bits/pixel is above the model's range %s", bpp, bppText()));
        }
        return Optional.empty();
    }

    /** E.g. {@code "0.019-0.046 bits/pixel"}. */
    public String bppText() {
        return String.format(Locale.ROOT, "%.3f-%.3f bits/pixel", minBpp, maxBpp);
    }

    /** One line, e.g. {@code "vp8 256x256 0.019-0.046 bits/pixel (validated, 6 points)"}. */
    public String describe() {
        if (isUnrestricted()) {
            return "unrestricted";
        }
        if (sizes.isEmpty()) {
            return codec + ": helps nowhere (" + basis + ", " + points.size() + " points)";
        }
        return codec + " " + sizesText() + " " + bppText() + " (" + basis
                + (points.isEmpty() ? "" : ", " + points.size() + " points") + ")";
    }

    private String sizesText() {
        List<String> s = new ArrayList<>();
        for (Size z : sizes) {
            s.add(z.toString());
        }
        return String.join(",", s);
    }
}
