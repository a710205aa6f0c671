package io.dejavu.call;

import java.util.Optional;

/**
 * The original luma plane of a sent frame by its quality-tap index: what a receiver compares its
 * decoded frames against. {@link Call#sentFrames()} is one (in-process); a tool could build another
 * by decoding the sender's file the same way.
 */
@FunctionalInterface
public interface FrameReference {
    /** The sent Y plane of frame {@code index} if known and of this size; callers must not modify it. */
    Optional<byte[]> luma(long index, int width, int height);

    /**
     * Rows at the top of a frame of this height that the quality tap overwrites with the frame
     * index: compare pictures below them.
     */
    static int markedRows(int height) {
        return io.dejavu.call.internal.FrameMarker.stripHeight(height);
    }
}
