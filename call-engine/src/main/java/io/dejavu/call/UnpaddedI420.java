package io.dejavu.call;

import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;

/**
 * A grabbed YUV 4:2:0 frame without row padding. FFmpeg's grabber pads each row to its stride and
 * places the chroma planes after the padded luma; its recorder reads a frame with the luma stride
 * but places the chroma planes as if rows were unpadded, so a padded frame (a width FFmpeg pads,
 * such as 360) passed straight through comes out with sheared chroma. Whoever copies grabbed frames
 * into a recorder (the demo's footage split, the tests' clip cutter) packs them here first.
 */
public final class UnpaddedI420 {
    private UnpaddedI420() {}

    /**
     * Copies {@code w} x {@code h} of the grabbed frame {@code f} (grabbed at {@code grabbedHeight}
     * rows) into {@code out}: Y, then U, then V, rows back to back; {@code out} is flipped for reading.
     */
    public static void pack(Frame f, int grabbedHeight, int w, int h, ByteBuffer out) {
        pack(f, grabbedHeight, 0, 0, w, h, out);
    }

    /**
     * As {@link #pack(Frame, int, int, int, ByteBuffer)}, copying the {@code w} x {@code h} window
     * whose top left corner is at ({@code x}, {@code y}) (both even, so the chroma window starts on
     * a chroma sample): a centre crop after scaling to cover a target size.
     */
    public static void pack(Frame f, int grabbedHeight, int x, int y, int w, int h, ByteBuffer out) {
        if ((x | y) % 2 != 0 || x < 0 || y < 0) {
            throw new IllegalArgumentException("crop offset must be even and not negative, got " + x + "," + y);
        }
        if (y + h > grabbedHeight || x + w > f.imageWidth) {
            throw new IllegalArgumentException("crop " + w + "x" + h + " at " + x + "," + y + " leaves the "
                    + f.imageWidth + "x" + grabbedHeight + " frame");
        }
        ByteBuffer in = ((ByteBuffer) f.image[0]).duplicate();
        in.clear();
        out.clear();
        int yStride = f.imageStride;
        int cStride = yStride / 2;
        int uOffset = yStride * grabbedHeight;
        int vOffset = uOffset + cStride * ((grabbedHeight + 1) / 2);
        for (int row = 0; row < h; row++) {
            out.put(in.slice((y + row) * yStride + x, w));
        }
        for (int offset : new int[] {uOffset, vOffset}) {
            for (int row = 0; row < h / 2; row++) {
                out.put(in.slice(offset + (y / 2 + row) * cStride + x / 2, w / 2));
            }
        }
        out.flip();
    }
}
