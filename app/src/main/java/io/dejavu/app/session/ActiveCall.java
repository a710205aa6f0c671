package io.dejavu.app.session;

import io.dejavu.protocol.ticket.HeldTicket;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;
import java.util.Optional;
import java.util.function.Consumer;

/** The media side of a connected call, as the app sees it. */
public interface ActiveCall {
    /** Decoded remote frames, copied off the WebRTC threads; the enhancement pipeline drains it. */
    LatestFrameQueue receivedFrames();

    /** Where the frames this side sends go for the local preview (any thread; keep it quick). */
    void setLocalPreview(Consumer<I420Frame> sink);

    /**
     * The signed ticket that lets this side fetch the peer's model, with the key it is bound to, if the
     * server issued one.
     */
    Optional<HeldTicket> modelTicket();

    /** The latest per-second numbers. */
    CallStats stats();

    void setMicrophoneMuted(boolean muted);

    void setCameraOn(boolean on);

    /** Something the person should know about this call, e.g. that no camera was found. */
    default Optional<String> notice() {
        return Optional.empty();
    }
}
