package io.dejavu.learning.footage;

import io.dejavu.call.Call;
import io.dejavu.call.CallListener;
import io.dejavu.call.CallState;
import io.dejavu.call.CallStats;
import io.dejavu.call.SentFrameListener;
import io.dejavu.call.VideoCodec;
import io.dejavu.learning.CallCapture;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one call's outgoing frames in a {@link FootageStore}: the frames the sender hands its
 * encoder, as sent, from {@link #SETTLE} after the call connects for at most the store's seconds
 * per call, one contiguous stretch. The capture thread only copies a frame into a bounded queue; a
 * writer thread of its own encodes it losslessly. When the queue is full the frame is skipped and
 * counted: the call never waits. Closing stops keeping, measures the outgoing video bitrate over
 * the kept stretch from the call's stats, and commits the call to the store.
 *
 * <p>Why the first seconds after settling and not the latest: the file is encoded as the call goes,
 * so memory and disk stay bounded without re-encoding at the end; the bitrate estimate has ramped
 * up by then, so the measured rate describes the kept frames; and a replay through an encoder needs
 * one unbroken stretch, which this is.
 *
 * <pre>{@code
 * try (CallRecorder recorder = store.record(call)) {
 *     call.ended().join();
 * }
 * }</pre>
 */
public final class CallRecorder implements CallCapture {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);
    /** Time from connecting until frames are kept: libwebrtc's bandwidth estimate ramps up first. */
    public static final Duration SETTLE = Duration.ofSeconds(3);
    // About a second of video at 30 fps; at 1280x720 that is 40 MB of frames in flight at most.
    static final int QUEUE_FRAMES = 30;
    // Stats come once a second: a shorter stretch would be one or two samples of a bursty rate.
    static final long MIN_WINDOW_MILLIS = 2000;
    private static final I420Frame END = I420Frame.blank(2, 2);

    private final Call call;
    private final FootageStore store;
    private final FootageStore.NewCall target;
    private final long settleNanos;
    private final int maxFrames;
    private final double fps;
    private final FrameSize size;
    private final BlockingQueue<I420Frame> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong kept = new AtomicLong();
    private final SentFrameListener onFrame = this::onSentFrame;
    private final CallListener onStats = new CallListener() {
        @Override
        public void onStats(CallStats stats) {
            CallRecorder.this.onStats(stats);
        }

        // The writer finishes the file as soon as the call is over, not only when closed.
        @Override
        public void onStateChanged(CallState state, CallState.EndReason reason) {
            if (state == CallState.ENDED) {
                stopping = true;
                queue.offer(END);
            }
        }
    };
    private final Thread writer;
    // Open unless a test holds the writer back to fill the queue.
    private final CountDownLatch writerGate;

    // Capture thread.
    private long connectedSeenNanos = -1;
    // Set by the capture thread when keeping begins, by the writer when no more fit.
    private volatile boolean keeping;
    private volatile boolean done;
    private volatile boolean stopping;
    private volatile String failure;
    private volatile CallStats windowStart;
    private volatile CallStats windowEnd;
    // Close.
    private boolean closed;
    private Optional<KeptCall> result = Optional.empty();

    private CallRecorder(Call call, FootageStore store, Duration settle, boolean writerHeld) {
        this.writerGate = new CountDownLatch(writerHeld ? 1 : 0);
        this.call = call;
        this.store = store;
        this.settleNanos = settle.toNanos();
        this.fps = call.sendFps();
        this.size = call.sendSize();
        this.maxFrames =
                (int) Math.max(1, Math.round(store.limits().maxPerCall().toMillis() / 1000.0 * fps));
        this.target = store.begin(store.clock().instant());
        this.writer = new Thread(this::writeAll, "dejavu-footage-" + target.id());
        writer.setDaemon(true);
    }

    /**
     * Starts keeping {@code call}'s frames in {@code store}.
     *
     * @throws FootageException if the store cannot start a call (its folder is gone or full)
     */
    static CallRecorder start(Call call, FootageStore store) {
        return start(call, store, SETTLE);
    }

    static CallRecorder start(Call call, FootageStore store, Duration settle) {
        return start(call, store, settle, false);
    }

    /** For tests: with {@code writerHeld} nothing is encoded until {@link #releaseWriter()}. */
    static CallRecorder start(Call call, FootageStore store, Duration settle, boolean writerHeld) {
        CallRecorder r = new CallRecorder(call, store, settle, writerHeld);
        r.writer.start();
        call.addListener(r.onStats);
        call.addSentFrameListener(r.onFrame);
        return r;
    }

    @Override
    public long framesKept() {
        return kept.get();
    }

    @Override
    public long framesSkipped() {
        return skipped.get();
    }

    /** The kept call, once closed, if any frame was kept and the store still wanted it. */
    public Optional<KeptCall> result() {
        return result;
    }

    /** Why keeping failed (one line), if it did; the call went on regardless. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    // ---- capture thread: copy or count, never wait ----

    private void onSentFrame(I420Frame frame) {
        if (done || stopping) {
            return;
        }
        if (!keeping && !settled()) {
            return;
        }
        keeping = true;
        if (offered.get() >= maxFrames) {
            return; // the writer will say done once it has them all
        }
        offered.incrementAndGet();
        if (!queue.offer(frame.copy())) {
            skipped.incrementAndGet();
        }
    }

    private boolean settled() {
        if (call.setupMillis() < 0) {
            return false;
        }
        long now = System.nanoTime();
        if (connectedSeenNanos < 0) {
            connectedSeenNanos = now;
        }
        return now - connectedSeenNanos >= settleNanos;
    }

    // ---- events thread: the stretch's bitrate ----

    private void onStats(CallStats stats) {
        if (!keeping || done || stopping || offered.get() >= maxFrames) {
            return;
        }
        if (windowStart == null) {
            windowStart = stats;
        } else {
            windowEnd = stats;
        }
    }

    // ---- writer thread ----

    void releaseWriter() {
        writerGate.countDown();
    }

    private void writeAll() {
        FootageWriter out = null;
        try {
            writerGate.await();
            while (true) {
                I420Frame frame = queue.poll(1, TimeUnit.SECONDS);
                if (frame == END) {
                    break;
                }
                if (frame == null || done) {
                    continue;
                }
                if (out == null) {
                    out = FootageWriter.start(
                            target.video(), size, fps, store.limits().maxBytes(), maxFrames);
                }
                out.write(frame);
                kept.set(out.frames());
                if (out.full()) {
                    done = true;
                    queue.clear();
                }
            }
            if (out != null) {
                out.finish();
            }
        } catch (FootageException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            // A bug here must cost the footage, never the call or a half file kept as whole.
            fail("the footage writer failed: " + e);
        } catch (InterruptedException e) {
            fail("the footage writer was interrupted");
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }

    private void fail(String message) {
        failure = message;
        done = true;
        queue.clear();
        LOG.warn("not keeping this call's footage: {}", message);
    }

    // ---- close: stop, measure, commit ----

    /** Stops keeping and commits what was kept; the call itself goes on. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        call.removeSentFrameListener(onFrame);
        call.removeListener(onStats);
        stopping = true;
        releaseWriter();
        try {
            // The writer encodes what is queued (at most a second of video), then ends.
            if (queue.offer(END, 30, TimeUnit.SECONDS)) {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
            failure = "the footage writer did not finish in 30 s";
        }
        if (failure != null || kept.get() == 0) {
            if (failure == null) {
                LOG.info("call {} ended before any footage was kept", target.id());
            }
            store.discard(target);
            return;
        }
        CallInfo info = new CallInfo(
                CallInfo.FORMAT,
                target.started(),
                size.width(),
                size.height(),
                fps,
                (int) kept.get(),
                codec().name(),
                sentKbps(
                        Optional.ofNullable(windowStart),
                        Optional.ofNullable(windowEnd).or(call::lastStats),
                        call.maxBitrateKbps()),
                skipped.get());
        try {
            result = store.commit(target, info);
            result.ifPresent(k -> LOG.info(
                    "kept {} frames ({} s) of call {} at {} kbps, {} skipped",
                    k.frames(),
                    Math.round(k.seconds()),
                    k.id(),
                    k.sendKbps(),
                    skipped.get()));
        } catch (FootageException e) {
            failure = e.getMessage();
            LOG.warn("not keeping this call's footage: {}", e.getMessage());
        }
    }

    private VideoCodec codec() {
        String sent = Optional.ofNullable(windowEnd)
                .or(call::lastStats)
                .map(CallStats::sendCodec)
                .orElse("");
        try {
            return sent.isBlank() ? call.options().codec() : VideoCodec.parse(sent);
        } catch (IllegalArgumentException e) {
            return call.options().codec();
        }
    }

    /**
     * The outgoing video bitrate while the kept frames were sent, in kbps of RTP payload: the
     * payload bytes between the stats report after keeping began and the last one before it
     * stopped, over at least {@link #MIN_WINDOW_MILLIS}. A shorter stretch takes the latest second's
     * rate, and a call without stats the cap; never below 1.
     */
    static int sentKbps(Optional<CallStats> start, Optional<CallStats> end, int capKbps) {
        if (end.isEmpty()) {
            return capKbps;
        }
        CallStats e = end.get();
        if (start.isPresent()) {
            long millis = e.elapsedMillis() - start.get().elapsedMillis();
            long bytes = e.videoBytesSent() - start.get().videoBytesSent();
            if (millis >= MIN_WINDOW_MILLIS && bytes > 0) {
                return (int) Math.max(1, Math.round(bytes * 8.0 / millis));
            }
        }
        if (e.sendKbps() > 0) {
            return (int) Math.max(1, Math.round(e.sendKbps()));
        }
        return capKbps;
    }
}
