package io.dejavu.app.fakes;

import io.dejavu.app.session.ActiveCall;
import io.dejavu.app.session.CallStats;
import io.dejavu.protocol.ticket.HeldTicket;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;
import java.util.Optional;
import java.util.function.Consumer;

/** The media side of a call, with a real frame queue, for view-model tests. */
public final class FakeActiveCall implements ActiveCall {
    public final LatestFrameQueue queue = new LatestFrameQueue(2);
    public volatile Consumer<I420Frame> preview = f -> {};
    public volatile boolean muted;
    public volatile boolean cameraOn = true;
    public volatile CallStats stats = CallStats.EMPTY;
    private static final TicketKey KEY = TicketKey.generate();
    private final HeldTicket ticket;

    /** A call whose ticket (null: none) is bound to a key of this test process. */
    public FakeActiveCall(String ticket) {
        this.ticket = ticket == null ? null : new HeldTicket(ticket, KEY);
    }

    @Override
    public LatestFrameQueue receivedFrames() {
        return queue;
    }

    @Override
    public void setLocalPreview(Consumer<I420Frame> sink) {
        preview = sink;
    }

    @Override
    public Optional<HeldTicket> modelTicket() {
        return Optional.ofNullable(ticket);
    }

    @Override
    public CallStats stats() {
        return stats;
    }

    @Override
    public void setMicrophoneMuted(boolean m) {
        muted = m;
    }

    @Override
    public void setCameraOn(boolean on) {
        cameraOn = on;
    }
}
