package io.dejavu.call;

import io.dejavu.call.internal.FileFrameSource;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sent frames of a peer that plays a video file, rebuilt on the receiving side by decoding the
 * same file the same way (same scaling and crop, same looping): the quality tap's reference when
 * the sender runs in another process. Frame index {@code i} is the {@code i}-th frame the sender's
 * file source produced.
 *
 * <pre>{@code
 * try (FileFrameReference reference = FileFrameReference.open(Path.of("alice.mp4"), Optional.of(new FrameSize(640, 360)))) {
 *     call.measureAgainst(reference);
 *     ...
 *     double psnr = call.meanPsnrY();
 * }
 * }</pre>
 */
public final class FileFrameReference implements FrameReference, AutoCloseable {
    private static final int KEEP = 120;
    private static final int MAX_SKIP = 3000;

    private final FileFrameSource source;
    private final byte[][] planes = new byte[KEEP][];
    private long next;
    private boolean closed;

    private FileFrameReference(FileFrameSource source) {
        this.source = source;
    }

    /**
     * Opens the file as the sender did ({@code size} as in its {@link VideoSourceSpec.File}).
     *
     * @throws MediaException if FFmpeg cannot open or decode the file
     */
    public static FileFrameReference open(Path file, Optional<FrameSize> size) throws MediaException {
        return new FileFrameReference(FileFrameSource.open(file, size));
    }

    /**
     * Decodes forward to {@code index} as needed; frames more than {@value #KEEP} behind the newest
     * asked for, or a jump of more than {@value #MAX_SKIP} frames, are not available.
     */
    @Override
    public synchronized Optional<byte[]> luma(long index, int width, int height) {
        if (closed || index < 0 || index < next - KEEP || index - next > MAX_SKIP) {
            return Optional.empty();
        }
        if (width != source.size().width() || height != source.size().height()) {
            return Optional.empty();
        }
        try {
            while (next <= index) {
                I420Frame frame = source.next();
                planes[(int) (next % KEEP)] = frame.y();
                next++;
            }
        } catch (MediaException e) {
            return Optional.empty();
        }
        return Optional.of(planes[(int) (index % KEEP)]);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            source.close();
        }
    }
}
