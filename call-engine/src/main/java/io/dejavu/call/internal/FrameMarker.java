package io.dejavu.call.internal;

import io.dejavu.protocol.video.I420Frame;
import java.util.Arrays;

/**
 * Stamps a frame index into the top rows of a picture as a strip of large flat black/white cells
 * (16-bit index plus CRC-8), and reads it back after lossy coding.
 *
 * <p>Why a barcode in the pixels: libwebrtc rewrites RTP timestamps and offers no per-frame
 * metadata through the Java API, so the only thing that survives from sender to receiver is the
 * picture. Cells are macroblock-sized, flat and at near-black/near-white, so even at 100 kbps the
 * coder keeps each cell's mean far from the threshold; the CRC rejects the rare misread (a skipped
 * or half-updated strip) instead of pairing the wrong frames. The strip rows are excluded from
 * PSNR.
 */
public final class FrameMarker {
    static final int INDEX_BITS = 16;
    static final int CRC_BITS = 8;
    static final int BITS = INDEX_BITS + CRC_BITS;
    private static final byte ONE = (byte) 235;
    private static final byte ZERO = (byte) 16;
    private static final byte GREY = (byte) 128;

    private FrameMarker() {}

    /** Rows at the top of a frame of this height that carry the strip. */
    public static int stripHeight(int height) {
        return height >= 64 ? 16 : 8;
    }

    static int cellWidth(int width) {
        return width >= BITS * 16 ? 16 : Math.max(2, (width / BITS) & ~1);
    }

    /** Writes {@code index} (its low 16 bits) into the frame's strip, in place. */
    public static void mark(I420Frame frame, long index) {
        int w = frame.width();
        int stripH = stripHeight(frame.height());
        int cell = cellWidth(w);
        int code = (int) (index & 0xFFFF);
        int word = (code << CRC_BITS) | crc8(code);
        byte[] y = frame.y();
        for (int row = 0; row < stripH; row++) {
            int base = row * w;
            Arrays.fill(y, base, base + w, GREY);
            for (int bit = 0; bit < BITS; bit++) {
                boolean one = ((word >>> (BITS - 1 - bit)) & 1) != 0;
                Arrays.fill(y, base + bit * cell, base + (bit + 1) * cell, one ? ONE : ZERO);
            }
        }
        int cw = w / 2;
        Arrays.fill(frame.u(), 0, cw * stripH / 2, GREY);
        Arrays.fill(frame.v(), 0, cw * stripH / 2, GREY);
    }

    /** The 16-bit index stamped in a (decoded) luma plane, or -1 if unreadable. */
    public static int read(byte[] y, int width, int height) {
        int stripH = stripHeight(height);
        int cell = cellWidth(width);
        if (cell * BITS > width) {
            return -1;
        }
        int x0 = cell / 4;
        int x1 = Math.max(x0 + 1, cell - cell / 4);
        int r0 = stripH / 4;
        int r1 = stripH - stripH / 4;
        int word = 0;
        for (int bit = 0; bit < BITS; bit++) {
            int sum = 0;
            int n = 0;
            for (int row = r0; row < r1; row++) {
                int base = row * width + bit * cell;
                for (int col = x0; col < x1; col++) {
                    sum += y[base + col] & 0xFF;
                    n++;
                }
            }
            word = (word << 1) | (sum > 128 * n ? 1 : 0);
        }
        int code = word >>> CRC_BITS;
        return (word & 0xFF) == crc8(code) ? code : -1;
    }

    /** CRC-8 (polynomial 0x07) of a 16-bit value. */
    static int crc8(int value) {
        int crc = 0;
        for (int shift = 8; shift >= 0; shift -= 8) {
            crc ^= (value >>> shift) & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    /**
     * The full index nearest to {@code previous} whose low 16 bits are {@code code}, so indices
     * keep counting past 65535.
     */
    public static long unwrap(int code, long previous) {
        if (previous < 0) {
            return code;
        }
        long candidate = (previous & ~0xFFFFL) | code;
        if (candidate - previous > 0x8000) {
            candidate -= 0x10000;
        } else if (previous - candidate > 0x8000) {
            candidate += 0x10000;
        }
        return candidate < 0 ? code : candidate;
    }
}
