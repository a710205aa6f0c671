package io.dejavu.signaling;

import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalingCodec;

/** One WebSocket connection, authenticated or not. */
final class Conn {
    final SignalingHub.Link link;
    final long openedNanos;
    // Written by the connection's message thread, read by the ticker without the lock.
    volatile long lastSeenNanos;
    Session session; // guarded by the hub's lock
    boolean open = true; // guarded by the hub's lock
    final RateLimiter rate; // touched only by the connection's own (sequential) message thread

    Conn(SignalingHub.Link link, long now, RateLimiter rate) {
        this.link = link;
        this.openedNanos = now;
        this.lastSeenNanos = now;
        this.rate = rate;
    }

    void send(SignalMessage message) {
        link.send(SignalingCodec.encode(message));
    }
}
