package io.dejavu.protocol.video;

import java.util.Arrays;

/**
 * One planar YUV 4:2:0 picture with tightly packed planes (stride = width), the unit every stage
 * of Dejavu passes around: decoded call frames, training footage and enhanced output.
 *
 * <p>The planes are exposed, not copied: stages that own a frame (the enhancement pipeline writes
 * enhanced luminance back in place) mutate them directly. Use {@link #copy()} before handing a
 * frame to another thread that may outlive the owner's use of it.
 *
 * <pre>{@code
 * I420Frame frame = I420Frame.blank(640, 360);
 * frame.y()[0] = (byte) 235;
 * }</pre>
 */
public final class I420Frame {
    /** Marks a frame whose sender-side index is unknown (no quality tap). */
    public static final long NO_INDEX = -1;

    private final int width;
    private final int height;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;
    private final long timestampNanos;
    private final long index;

    /**
     * Wraps existing planes.
     *
     * @throws IllegalArgumentException if the sizes are not positive and even or a plane has the
     *     wrong length
     */
    public I420Frame(int width, int height, byte[] y, byte[] u, byte[] v, long timestampNanos, long index) {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("frame size must be positive and even, got " + width + "x" + height);
        }
        int chroma = chromaLength(width, height);
        if (y.length != width * height) {
            throw new IllegalArgumentException(
                    "Y plane has " + y.length + " bytes, expected " + width * height + " for " + width + "x" + height);
        }
        if (u.length != chroma || v.length != chroma) {
            throw new IllegalArgumentException("U/V planes have " + u.length + "/" + v.length + " bytes, expected "
                    + chroma + " each for " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.y = y;
        this.u = u;
        this.v = v;
        this.timestampNanos = timestampNanos;
        this.index = index;
    }

    /** A mid-grey frame (Y=U=V=128) of the given size. */
    public static I420Frame blank(int width, int height) {
        byte[] y = new byte[width * height];
        byte[] u = new byte[chromaLength(width, height)];
        byte[] v = new byte[u.length];
        Arrays.fill(y, (byte) 128);
        Arrays.fill(u, (byte) 128);
        Arrays.fill(v, (byte) 128);
        return new I420Frame(width, height, y, u, v, 0, NO_INDEX);
    }

    /** Bytes in one chroma plane of a frame of this size. */
    public static int chromaLength(int width, int height) {
        return (width / 2) * (height / 2);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public byte[] y() {
        return y;
    }

    public byte[] u() {
        return u;
    }

    public byte[] v() {
        return v;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /** The sender's frame index when the quality tap is on, else {@link #NO_INDEX}. */
    public long index() {
        return index;
    }

    /** A deep copy that shares no plane with this frame. */
    public I420Frame copy() {
        return new I420Frame(width, height, y.clone(), u.clone(), v.clone(), timestampNanos, index);
    }

    /**
     * A copy of the luma plane with the chroma planes shared: what a receiver keeps of the decoded
     * frame before enhancing this one's luma in place (enhancement never writes chroma), at a
     * third of {@link #copy()}'s bytes.
     */
    public I420Frame copyLuma() {
        return new I420Frame(width, height, y.clone(), u, v, timestampNanos, index);
    }

    /** The same planes with another index and timestamp. */
    public I420Frame withIndex(long newIndex, long newTimestampNanos) {
        return new I420Frame(width, height, y, u, v, newTimestampNanos, newIndex);
    }

    @Override
    public String toString() {
        return "I420Frame[" + width + "x" + height + ", index=" + index + "]";
    }
}
