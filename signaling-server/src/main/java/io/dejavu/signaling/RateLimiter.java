package io.dejavu.signaling;

/**
 * The token bucket of one connection. It has no lock: only the connection's own message thread touches it, and
 * Jetty hands a connection's messages over one at a time.
 */
final class RateLimiter {
    private static final long REPORT_EVERY_NANOS = 1_000_000_000L;

    private final double perSecond;
    private final int burst;
    private double tokens;
    private long refillNanos;
    private long lastReportNanos;
    private long dropped;

    RateLimiter(double perSecond, int burst, long now) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refillNanos = now;
    }

    /** Takes a token; without one the message counts as dropped. */
    boolean tryAcquire(long now) {
        tokens = Math.min(burst, tokens + (now - refillNanos) * perSecond / 1e9);
        refillNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        dropped++;
        return false;
    }

    /** True at most once a second, so a flood is answered by a trickle of errors rather than a second flood. */
    boolean reportDue(long now) {
        if (now - lastReportNanos > REPORT_EVERY_NANOS) {
            lastReportNanos = now;
            return true;
        }
        return false;
    }

    long dropped() {
        return dropped;
    }
}
