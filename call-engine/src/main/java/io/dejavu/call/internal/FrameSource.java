package io.dejavu.call.internal;

import io.dejavu.call.MediaException;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;

/** A pull source of outgoing frames at a fixed rate; used from one thread only. */
public interface FrameSource extends AutoCloseable {
    FrameSize size();

    /** Frames per second the source should be played at. */
    double fps();

    /** The next frame (a fresh frame the caller owns); a looping source never runs out. */
    I420Frame next() throws MediaException;

    @Override
    void close();
}
