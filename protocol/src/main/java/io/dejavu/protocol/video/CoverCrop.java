package io.dejavu.protocol.video;

/**
 * How a picture of one size fills another without distortion: scaled (to even sizes) until it
 * covers the target, then cropped to its middle, at even offsets so the chroma window starts on a
 * chroma sample. Training footage ({@code train --size}) and the demo's scaled parts frame faces
 * the same way with it.
 *
 * <pre>{@code
 * CoverCrop c = CoverCrop.of(1920, 1080, new FrameSize(640, 360));
 * grabber.setImageWidth(c.scaledWidth());
 * grabber.setImageHeight(c.scaledHeight());
 * // then copy target.width() x target.height() from (c.cropX(), c.cropY())
 * }</pre>
 *
 * @param scaledWidth width to scale the source to
 * @param scaledHeight height to scale the source to
 * @param cropX left edge of the target window in the scaled picture (even)
 * @param cropY top edge of the target window in the scaled picture (even)
 */
public record CoverCrop(int scaledWidth, int scaledHeight, int cropX, int cropY) {
    /** The scale and crop that make a {@code sourceWidth} x {@code sourceHeight} picture fill {@code target}. */
    public static CoverCrop of(int sourceWidth, int sourceHeight, FrameSize target) {
        if (sourceWidth <= 0 || sourceHeight <= 0) {
            throw new IllegalArgumentException("source size must be positive, got " + sourceWidth + "x" + sourceHeight);
        }
        double scale = Math.max((double) target.width() / sourceWidth, (double) target.height() / sourceHeight);
        int scaledW = Math.max(target.width(), (int) Math.round(sourceWidth * scale) & ~1);
        int scaledH = Math.max(target.height(), (int) Math.round(sourceHeight * scale) & ~1);
        return new CoverCrop(
                scaledW, scaledH, ((scaledW - target.width()) / 2) & ~1, ((scaledH - target.height()) / 2) & ~1);
    }
}
