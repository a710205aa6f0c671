package io.dejavu.protocol.video;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded hand-off between a producer that must never block (a WebRTC decoder thread) and a
 * consumer that may fall behind (the enhancement pipeline): when full, the oldest frame is dropped
 * and counted, so the newest frame always wins.
 *
 * <pre>{@code
 * LatestFrameQueue queue = new LatestFrameQueue(2);
 * queue.offer(frame);                                   // on the native callback thread
 * Optional<I420Frame> next = queue.poll(100, TimeUnit.MILLISECONDS); // on the pipeline thread
 * }</pre>
 */
public final class LatestFrameQueue {
    private final int capacity;
    private final ArrayDeque<I420Frame> frames;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private boolean closed;

    public LatestFrameQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.frames = new ArrayDeque<>(capacity);
    }

    /** Adds a frame, dropping the oldest when full; never blocks. Returns false once closed. */
    public boolean offer(I420Frame frame) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            offered.incrementAndGet();
            if (frames.size() == capacity) {
                frames.pollFirst();
                dropped.incrementAndGet();
            }
            frames.addLast(frame);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest queued frame, waiting up to the timeout; empty on timeout or once closed and drained. */
    public Optional<I420Frame> poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (frames.isEmpty()) {
                if (closed || nanos <= 0) {
                    return Optional.empty();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return Optional.of(frames.pollFirst());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The newest queued frame, waiting up to the timeout for one; older frames still queued are
     * passed over and counted in {@link #droppedCount()} ("newest wins" in one place). Empty on
     * timeout or once closed and drained.
     */
    public Optional<I420Frame> pollLatest(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (frames.isEmpty()) {
                if (closed || nanos <= 0) {
                    return Optional.empty();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            dropped.addAndGet(frames.size() - 1);
            I420Frame newest = frames.pollLast();
            frames.clear();
            return Optional.of(newest);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiting consumers; later offers are refused. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Frames accepted by {@link #offer} so far. */
    public long offeredCount() {
        return offered.get();
    }

    /** Frames discarded because the consumer was behind (overflow, or passed over by {@link #pollLatest}). */
    public long droppedCount() {
        return dropped.get();
    }

    public int size() {
        lock.lock();
        try {
            return frames.size();
        } finally {
            lock.unlock();
        }
    }
}
