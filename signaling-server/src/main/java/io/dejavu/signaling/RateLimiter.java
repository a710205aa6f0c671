package io.dejavu.signaling;

/**
 * One token bucket. Buckets are shared by every connection of a user or of an address (see {@link RateLimits}), so
 * its methods synchronize; each call is a few arithmetic operations.
 */
final class RateLimiter {
    private final double perSecond;
    private final int burst;
    private double tokens;
    private long refillNanos;
    private long dropped;

    RateLimiter(double perSecond, int burst, long now) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refillNanos = now;
    }

    /** Takes a token; without one the message counts as dropped. */
    synchronized boolean tryAcquire(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        dropped++;
        return false;
    }

    /** Gives back a token taken for something that turned out welcome. */
    synchronized void refund() {
        tokens = Math.min(burst, tokens + 1);
    }

    synchronized long dropped() {
        return dropped;
    }

    /** Whether the bucket has refilled completely: then forgetting it loses nothing. */
    synchronized boolean isFull(long now) {
        refill(now);
        return tokens >= burst;
    }

    /** Seconds until one token is back, at least 1. */
    synchronized long secondsToNextToken(long now) {
        refill(now);
        return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }

    private void refill(long now) {
        if (now > refillNanos) {
            tokens = Math.min(burst, tokens + (now - refillNanos) * perSecond / 1e9);
            refillNanos = now;
        }
    }
}
