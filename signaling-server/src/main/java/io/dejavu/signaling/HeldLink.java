package io.dejavu.signaling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's link that can hold its outgoing frames back: a resumed session's welcome must not reach the client
 * before Redis routes the user's messages to this node, but waiting for Redis under the hub's lock stalled every
 * sign-in and message of the node behind one round trip each (ADR 0306). While held, frames queue here in order;
 * {@link #release()} sends them and lets later ones through.
 *
 * <p>No call into the wrapped link happens under this object's monitor: Jetty may report a close from inside a
 * send, and the hub then takes its lock, while a thread holding the hub's lock may be sending here.
 */
final class HeldLink implements SignalingHub.Link {
    private final SignalingHub.Link link;
    // guarded by this
    private ArrayDeque<String> held;
    private boolean releasing;

    HeldLink(SignalingHub.Link link) {
        this.link = link;
    }

    /** Queues what is sent from now until {@link #release()}. */
    synchronized void hold() {
        if (held == null) {
            held = new ArrayDeque<>();
        }
    }

    synchronized boolean holding() {
        return held != null;
    }

    /**
     * Sends what was held, oldest first, then lets later sends through. What is sent while the queue drains joins
     * its end, so the order stays the order of the sends.
     */
    void release() {
        synchronized (this) {
            if (held == null || releasing) {
                return;
            }
            releasing = true;
        }
        while (true) {
            List<String> batch;
            synchronized (this) {
                if (held.isEmpty()) {
                    held = null;
                    releasing = false;
                    return;
                }
                batch = new ArrayList<>(held);
                held.clear();
            }
            batch.forEach(link::send);
        }
    }

    @Override
    public void send(String text) {
        synchronized (this) {
            if (held != null) {
                held.addLast(text);
                return;
            }
        }
        link.send(text);
    }

    @Override
    public void close(int code, String reason) {
        release();
        link.close(code, reason);
    }

    @Override
    public void abort() {
        synchronized (this) {
            if (!releasing) {
                held = null;
            }
        }
        link.abort();
    }

    @Override
    public void signedIn() {
        link.signedIn();
    }

    @Override
    public String remote() {
        return link.remote();
    }

    @Override
    public String address() {
        return link.address();
    }
}
