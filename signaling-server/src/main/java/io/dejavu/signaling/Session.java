package io.dejavu.signaling;

import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalingCodec;
import java.util.ArrayDeque;

/**
 * A user's presence; outlives a connection by the resume grace, queueing what it is sent meanwhile. Guarded by the
 * hub's lock.
 */
final class Session {
    private static final int MAX_PENDING = 256;
    private static final long MAX_PENDING_CHARS = 1L << 20;

    final String user;
    final String id;
    boolean presence;
    Conn conn;
    long disconnectedNanos;
    Call call;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private long pendingChars;

    Session(String user, String id, boolean presence) {
        this.user = user;
        this.id = id;
        this.presence = presence;
    }

    void deliver(SignalMessage message) {
        if (conn != null) {
            conn.send(message);
        } else {
            // Bounded by count and size: a lost connection must not let its peer fill our memory.
            String text = SignalingCodec.encode(message);
            pending.addLast(text);
            pendingChars += text.length();
            while (pending.size() > MAX_PENDING || pendingChars > MAX_PENDING_CHARS) {
                pendingChars -= pending.pollFirst().length();
            }
        }
    }

    /** Hands what was queued while away, oldest first, to the connection that resumed the session. */
    void flushPendingTo(Conn c) {
        while (!pending.isEmpty()) {
            c.link.send(pending.pollFirst());
        }
        pendingChars = 0;
    }
}
