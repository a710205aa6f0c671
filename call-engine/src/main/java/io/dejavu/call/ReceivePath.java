package io.dejavu.call;

import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.dejavu.call.internal.I420Buffers;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes the peer's decoded video off libwebrtc's decoder thread into the call's received queue,
 * through the quality tap. {@link #attach} and {@link #close()} run on the call's events thread.
 */
final class ReceivePath implements AutoCloseable {
    private final LatestFrameQueue received;
    private final QualityTap tap;
    private final AtomicLong framesReceived = new AtomicLong();
    private final VideoTrackSink sink = this::onFrame;

    // Touched only on the events thread.
    private VideoTrack remoteVideo;
    private boolean closed;

    ReceivePath(LatestFrameQueue received, QualityTap tap) {
        this.received = received;
        this.tap = tap;
    }

    /** Starts taking frames from the peer's first video track; audio and later tracks are ignored. */
    void attach(MediaStreamTrack track) {
        if (closed || !(track instanceof VideoTrack video) || remoteVideo != null) {
            return;
        }
        remoteVideo = video;
        remoteVideo.addSink(sink);
    }

    long framesReceived() {
        return framesReceived.get();
    }

    // Runs on a libwebrtc decoder thread: copy, release, hand off; nothing else.
    private void onFrame(VideoFrame frame) {
        I420Frame copy;
        try {
            copy = I420Buffers.toHeap(frame.buffer, frame.timestampNs);
        } finally {
            frame.release();
        }
        framesReceived.incrementAndGet();
        received.offer(tap.read(copy));
    }

    /** Stops taking frames; the queue stays open, it is the call's. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (remoteVideo != null) {
            remoteVideo.removeSink(sink);
        }
    }
}
