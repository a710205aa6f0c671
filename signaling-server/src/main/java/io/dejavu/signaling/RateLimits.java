package io.dejavu.signaling;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (a user name, an address, a caller-callee pair), so that a limit follows the user or the
 * address across connections: reconnecting does not refill it. Buckets that have refilled completely are forgotten
 * by {@link #sweep}, which keeps the map as small as the set of recently active keys.
 */
final class RateLimits {
    private final double perSecond;
    private final int burst;
    private final ConcurrentHashMap<String, RateLimiter> buckets = new ConcurrentHashMap<>();

    RateLimits(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** The bucket of {@code key}, created full. */
    RateLimiter of(String key, long now) {
        return buckets.computeIfAbsent(key, k -> new RateLimiter(perSecond, burst, now));
    }

    /** Forgets full buckets: a new one would start in the same state. */
    void sweep(long now) {
        buckets.values().removeIf(b -> b.isFull(now));
    }

    int size() {
        return buckets.size();
    }
}
