package io.dejavu.store.server.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds how many uploads read their bodies at once, per client address and in total, so slow
 * uploads can never hold the HTTP threads that downloads need. A full gate refuses at once (429
 * for one client's excess, 503 when the store as a whole is busy) instead of queueing: a queued
 * upload would still hold a thread.
 */
final class UploadGate {
    private final int limit;
    private final Semaphore total;
    private final int perClient;
    private final AtomicLong turnedAway = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicInteger> byClient = new ConcurrentHashMap<>();

    UploadGate(int total, int perClient) {
        if (total < 1 || perClient < 1) {
            throw new IllegalArgumentException(
                    "upload limits must be at least 1, got total " + total + " and per client " + perClient);
        }
        this.limit = total;
        this.total = new Semaphore(total);
        this.perClient = perClient;
    }

    /** A held upload slot; closing it gives the slot back. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a slot for {@code client}.
     *
     * @throws ApiException 429 when this client has {@code perClient} uploads running, 503 when the
     *     store has its total running
     */
    Permit enter(String client) {
        AtomicInteger mine = byClient.compute(client, (k, v) -> {
            AtomicInteger n = v == null ? new AtomicInteger() : v;
            n.incrementAndGet();
            return n;
        });
        if (mine.get() > perClient) {
            leave(client);
            turnedAway.incrementAndGet();
            throw new ApiException(
                    429, "this client already has " + perClient + " uploads running; retry when one has finished");
        }
        if (!total.tryAcquire()) {
            leave(client);
            turnedAway.incrementAndGet();
            throw new ApiException(503, "the store is receiving as many uploads as it takes at once; retry shortly");
        }
        return () -> {
            total.release();
            leave(client);
        };
    }

    /** Uploads holding a slot now. */
    int reading() {
        return limit - total.availablePermits();
    }

    /** Uploads refused because a limit was full, since start. */
    long turnedAway() {
        return turnedAway.get();
    }

    private void leave(String client) {
        byClient.computeIfPresent(client, (k, v) -> v.decrementAndGet() == 0 ? null : v);
    }
}
