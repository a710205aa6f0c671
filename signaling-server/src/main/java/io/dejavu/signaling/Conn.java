package io.dejavu.signaling;

import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalingCodec;
import java.util.concurrent.CompletableFuture;

/** One WebSocket connection, authenticated or not. */
final class Conn {
    /** Every frame to this connection goes through here, so a resume can hold them until Redis routes to us. */
    final HeldLink link;
    /** The remote host without the port: connection caps and rate limits are per address. */
    final String address;

    final long openedNanos;
    // Written by the connection's message thread, read by the ticker without the lock.
    volatile long lastSeenNanos;
    /** When this connection was last told it is rate-limited; touched only by its own message thread. */
    long rateReportedNanos;
    /** The signed-in user; written once by the connection's own (sequential) message thread, read only by it. */
    String user;

    Session session; // guarded by the hub's lock
    /**
     * Set by a resume: completes once the cluster routes the user's messages here. The signing-in thread waits for
     * it after the hub's lock and then releases the frames the link held meanwhile. Guarded by the hub's lock.
     */
    CompletableFuture<Void> attaching;

    boolean open = true; // guarded by the hub's lock

    Conn(SignalingHub.Link link, long now) {
        this.link = new HeldLink(link);
        this.address = link.address();
        this.openedNanos = now;
        this.lastSeenNanos = now;
        this.rateReportedNanos = now - 2_000_000_000L;
    }

    /** True at most once a second, so a flood is answered by a trickle of errors rather than a second flood. */
    boolean rateReportDue(long now) {
        if (now - rateReportedNanos > 1_000_000_000L) {
            rateReportedNanos = now;
            return true;
        }
        return false;
    }

    void send(SignalMessage message) {
        link.send(SignalingCodec.encode(message));
    }
}
