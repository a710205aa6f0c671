package io.dejavu.protocol.signaling.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try the next reconnect: exponential from 100 ms to 2 s with jitter, until the reconnect window has
 * passed. Guarded by the client's lock.
 */
final class ReconnectBackoff {
    private final Duration window;
    private long deadlineNanos;
    private int attempt;

    ReconnectBackoff(Duration window) {
        this.window = window;
    }

    /** A connection was just lost: the window starts now. */
    void restart(long nowNanos) {
        deadlineNanos = nowNanos + window.toNanos();
        attempt = 0;
    }

    /** Milliseconds to wait before the next attempt, or -1 once the window has passed. */
    long nextDelayMs(long nowNanos) {
        if (nowNanos > deadlineNanos) {
            return -1;
        }
        long base = Math.min(2000, 100L << Math.min(attempt, 5));
        // Jitter, so thousands of clients cut by one server restart do not return in lockstep.
        long delayMs = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        attempt++;
        return delayMs;
    }
}
