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
 * @param bands for a range validated at several frame sizes, each size's own bits-per-pixel band
 *     (a model helps at 640x360 over other bits per pixel than at 256x256: the same face covers
 *     fewer pixels); a size without a band uses {@code minBpp..maxBpp}. Empty for one size.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperatingRange(
        String codec,
        List<Size> sizes,
        double minBpp,
        double maxBpp,
        List<Point> points,
        String basis,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                List<Band> bands) {
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
     * One frame size's band of bits per pixel, in a range validated at several sizes.
     *
     * @param width frame width
     * @param height frame height
     * @param minBpp lowest bits per pixel per frame at which the model helps at this size
     * @param maxBpp highest
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Band(int width, int height, double minBpp, double maxBpp) {
        public Band {
            new Size(width, height); // checks the size
            if (!Double.isFinite(minBpp) || !Double.isFinite(maxBpp) || minBpp < 0 || maxBpp < minBpp) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "operating band %dx%d needs 0 <= minBpp <= maxBpp (finite), got %s..%s",
                        width,
                        height,
                        minBpp,
                        maxBpp));
            }
        }

        public Size size() {
            return new Size(width, height);
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
     * @param psnrDecodedDb PSNR-Y of the decoded frames without a model (NaN where not recorded), so
     *     that gains along the points make a rate-quality curve (BD-rate against the plain call)
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
            int frames,
            double psnrDecodedDb) {
        /** A point without the decoded PSNR (recorded before it was). */
        public Point(
                int width,
                int height,
                double kbps,
                double fps,
                double bpp,
                double gainDb,
                double genericGainDb,
                int frames) {
            this(width, height, kbps, fps, bpp, gainDb, genericGainDb, frames, Double.NaN);
        }

        public Point {
            if (!(psnrDecodedDb > 0) || !Double.isFinite(psnrDecodedDb)) {
                psnrDecodedDb = Double.NaN; // not recorded (a range written before it was reads 0)
            }
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
        bands = bands == null ? List.of() : List.copyOf(bands);
        java.util.Set<Size> banded = new java.util.HashSet<>();
        for (Band b : bands) {
            if (!sizes.contains(b.size())) {
                throw new IllegalArgumentException(
                        "operating band " + b.size() + " is not among the range's sizes " + sizes);
            }
            if (!banded.add(b.size())) {
                throw new IllegalArgumentException("operating range has two bands for " + b.size());
            }
        }
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

    /** A range with one band of bits per pixel for all its sizes. */
    public OperatingRange(
            String codec, List<Size> sizes, double minBpp, double maxBpp, List<Point> points, String basis) {
        this(codec, sizes, minBpp, maxBpp, points, basis, List.of());
    }

    /**
     * One range out of ranges validated at different frame sizes (the same codec): every size of
     * each, each size with its own band, the points of all. The first range that helps anywhere
     * gives the range's own {@code minBpp..maxBpp} (what a reader that knows no bands applies).
     * Ranges that help nowhere add their points only.
     *
     * @throws IllegalArgumentException when the codecs differ or two ranges share a size
     */
    public static OperatingRange ofSizes(List<OperatingRange> perSize) {
        if (perSize.isEmpty()) {
            throw new IllegalArgumentException("no ranges to combine");
        }
        String codec = perSize.get(0).codec();
        List<Size> sizes = new ArrayList<>();
        List<Band> bands = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        OperatingRange first = null;
        for (OperatingRange r : perSize) {
            if (!r.codec().equals(codec)) {
                throw new IllegalArgumentException(
                        "ranges of codecs " + codec + " and " + r.codec() + " do not combine");
            }
            points.addAll(r.points());
            for (Size z : r.sizes()) {
                if (sizes.contains(z)) {
                    throw new IllegalArgumentException("two ranges for frame size " + z);
                }
                sizes.add(z);
                bands.add(new Band(
                        z.width(), z.height(), r.minBpp(z.width(), z.height()), r.maxBpp(z.width(), z.height())));
            }
            if (first == null && r.helpsAnywhere()) {
                first = r;
            }
        }
        if (first == null) {
            return nowhere(codec, points);
        }
        if (sizes.size() == 1) {
            return new OperatingRange(codec, sizes, first.minBpp(), first.maxBpp(), points, VALIDATED);
        }
        return new OperatingRange(codec, sizes, first.minBpp(), first.maxBpp(), points, VALIDATED, bands);
    }

    /** This range with {@code other}'s sizes added (or replaced, where both have a size), each with its band. */
    public OperatingRange withSizesOf(OperatingRange other) {
        List<OperatingRange> parts = new ArrayList<>();
        for (Size z : sizes) {
            if (!other.sizes().contains(z)) {
                parts.add(new OperatingRange(
                        codec,
                        List.of(z),
                        minBpp(z.width(), z.height()),
                        maxBpp(z.width(), z.height()),
                        points.stream().filter(p -> p.size().equals(z)).toList(),
                        basis));
            }
        }
        parts.add(other);
        return ofSizes(parts);
    }

    /** Lowest bits per pixel at which the model helps at this frame size (its band's, else the range's). */
    public double minBpp(int width, int height) {
        return band(width, height).map(Band::minBpp).orElse(minBpp);
    }

    /** Highest bits per pixel at which the model helps at this frame size. */
    public double maxBpp(int width, int height) {
        return band(width, height).map(Band::maxBpp).orElse(maxBpp);
    }

    private Optional<Band> band(int width, int height) {
        for (Band b : bands) {
            if (b.width() == width && b.height() == height) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
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
        if (bpp < minBpp(width, height)) {
            return Optional.of(String.format(
                    Locale.ROOT, "%.3f bits/pixel is below the model's range %s", bpp, bppText(width, height)));
        }
        if (bpp > maxBpp(width, height)) {
            return Optional.of(String.format(
                    Locale.ROOT, "%.3f bits/pixel is above the model's range %s", bpp, bppText(width, height)));
        }
        return Optional.empty();
    }

    /** E.g. {@code "0.019-0.046 bits/pixel"}. */
    public String bppText() {
        return String.format(Locale.ROOT, "%.3f-%.3f bits/pixel", minBpp, maxBpp);
    }

    /** The band at this frame size, e.g. {@code "0.007-0.045 bits/pixel at 640x360"} (the plain text for one band). */
    public String bppText(int width, int height) {
        if (bands.isEmpty()) {
            return bppText();
        }
        return String.format(
                Locale.ROOT,
                "%.3f-%.3f bits/pixel at %dx%d",
                minBpp(width, height),
                maxBpp(width, height),
                width,
                height);
    }

    /** One line, e.g. {@code "vp8 256x256 0.019-0.046 bits/pixel (validated, 6 points)"}. */
    public String describe() {
        if (isUnrestricted()) {
            return "unrestricted";
        }
        if (sizes.isEmpty()) {
            return codec + ": helps nowhere (" + basis + ", " + points.size() + " points)";
        }
        if (!bands.isEmpty()) {
            List<String> each = new ArrayList<>();
            for (Size z : sizes) {
                each.add(z + " "
                        + String.format(
                                Locale.ROOT,
                                "%.3f-%.3f",
                                minBpp(z.width(), z.height()),
                                maxBpp(z.width(), z.height())));
            }
            return codec + " " + String.join(", ", each) + " bits/pixel (" + basis
                    + (points.isEmpty() ? "" : ", " + points.size() + " points") + ")";
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
