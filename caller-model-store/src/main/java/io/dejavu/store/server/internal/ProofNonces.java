package io.dejavu.store.server.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The nonces of ticket proofs seen lately, so a copied request is refused (ADR 0305). A nonce is
 * kept until its proof is too old to pass the time check anyway ({@code iat + window}), so the set
 * holds at most the proofs of one window. It is bounded: when full of nonces still within their
 * window the store refuses new proofs (503) rather than forget one that could then be replayed.
 */
final class ProofNonces {
    /** What {@link #admit} found. */
    enum Outcome {
        NEW,
        SEEN,
        FULL
    }

    private record Entry(String nonce, long keepUntil) {}

    private final int capacity;
    private final Map<String, Long> keepUntil = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry =
            new PriorityQueue<>((a, b) -> Long.compare(a.keepUntil(), b.keepUntil()));

    ProofNonces(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("nonce capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Records {@code nonce}, to be kept until {@code until}, unless it was seen; forgets the nonces
     * whose time has passed at {@code now}.
     */
    synchronized Outcome admit(String nonce, Instant until, Instant now) {
        long nowSecond = now.getEpochSecond();
        while (!byExpiry.isEmpty() && byExpiry.peek().keepUntil() < nowSecond) {
            keepUntil.remove(byExpiry.poll().nonce());
        }
        if (keepUntil.containsKey(nonce)) {
            return Outcome.SEEN;
        }
        if (keepUntil.size() >= capacity) {
            return Outcome.FULL;
        }
        keepUntil.put(nonce, until.getEpochSecond());
        byExpiry.add(new Entry(nonce, until.getEpochSecond()));
        return Outcome.NEW;
    }

    synchronized int size() {
        return keepUntil.size();
    }
}
