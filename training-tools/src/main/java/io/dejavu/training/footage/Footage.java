package io.dejavu.training.footage;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import java.nio.file.Path;
import java.util.List;

/**
 * Decoded frames of one clip at one size, in display order.
 *
 * @param source the file read
 * @param fps frame rate of the source
 * @param size size of every frame
 * @param frames the frames, I420, at {@code size}
 */
public record Footage(Path source, double fps, FrameSize size, List<I420Frame> frames) {
    public Footage {
        frames = List.copyOf(frames);
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be positive, got " + fps);
        }
        for (I420Frame f : frames) {
            if (f.width() != size.width() || f.height() != size.height()) {
                throw new IllegalArgumentException("frame " + f + " does not match footage size " + size);
            }
        }
    }

    public double seconds() {
        return frames.size() / fps;
    }

    /** Frames {@code from} (inclusive) to {@code to} (exclusive) as footage of their own. */
    public Footage slice(int from, int to) {
        return new Footage(source, fps, size, frames.subList(from, to));
    }
}
