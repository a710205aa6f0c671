package io.dejavu.signaling;

import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalingCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    /** The call this user placed (ringing or active) or accepted: one at a time. */
    Call call;
    /** Invites to this user that ring now, by call id: several callers can ring at once (call waiting). */
    final Map<String, Call> ringing = new LinkedHashMap<>();
    /** Users this user blocks: their invites end as offline and they do not see this user's presence. */
    Set<String> blocked;
    /**
     * Thumbprint of the key the client sent in its latest hello, or null: the call tickets of this session are
     * bound to it (ADR 0305).
     */
    String ticketKey;

    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private long pendingChars;

    Session(String user, String id, boolean presence, Set<String> blocked) {
        this.user = user;
        this.id = id;
        this.presence = presence;
        this.blocked = Set.copyOf(blocked);
    }

    /** Every call this user takes part in: its own line and the invites ringing for it. */
    List<Call> calls() {
        List<Call> all = new ArrayList<>(ringing.values());
        if (call != null) {
            all.add(0, call);
        }
        return all;
    }

    /** Whether {@code other} may see this user's presence and ring them. */
    boolean admits(String other) {
        return !blocked.contains(other);
    }

    void deliver(SignalMessage message) {
        deliverText(SignalingCodec.encode(message));
    }

    /** Delivers an already encoded message (presence fan-out encodes once for every subscriber). */
    void deliverText(String text) {
        if (conn != null) {
            conn.link.send(text);
        } else {
            // Bounded by count and size: a lost connection must not let its peer fill our memory.
            pending.addLast(text);
            pendingChars += text.length();
            while (pending.size() > MAX_PENDING || pendingChars > MAX_PENDING_CHARS) {
                pendingChars -= pending.pollFirst().length();
            }
        }
    }

    /** Takes what was queued while away, oldest first (the session moves to another node). */
    List<String> drainPending() {
        List<String> all = new ArrayList<>(pending);
        pending.clear();
        pendingChars = 0;
        return all;
    }

    /** Hands what was queued while away, oldest first, to the connection that resumed the session. */
    void flushPendingTo(Conn c) {
        while (!pending.isEmpty()) {
            c.link.send(pending.pollFirst());
        }
        pendingChars = 0;
    }
}
