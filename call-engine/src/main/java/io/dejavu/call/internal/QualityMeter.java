package io.dejavu.call.internal;

import io.dejavu.call.FrameReference;
import io.dejavu.protocol.quality.Quality;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pairs decoded frames with the frames that were sent (by their stamped index) and keeps the mean
 * PSNR-Y over paired frames, on its own thread so the decoder thread only copies a plane. The
 * marker strip is left out of the comparison.
 */
public final class QualityMeter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QualityMeter.class);

    private record Sample(long index, int width, int height, byte[] y) {}

    private final BlockingQueue<Sample> queue = new ArrayBlockingQueue<>(8);
    private final Thread worker;
    private volatile FrameReference reference;
    private volatile boolean closed;
    private final AtomicLong paired = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final Object sumLock = new Object();
    private double psnrSum;
    private double mseSum;

    public QualityMeter(String name) {
        worker = new Thread(this::run, name);
        worker.setDaemon(true);
        worker.start();
    }

    /** Sets what decoded frames are compared with; until set, samples only count as unmatched. */
    public void reference(FrameReference reference) {
        this.reference = reference;
    }

    /** Queues a decoded luma plane (owned by the meter from now on); drops it if the meter is behind. */
    public void offer(long index, int width, int height, byte[] y) {
        if (closed || !queue.offer(new Sample(index, width, height, y))) {
            skipped.incrementAndGet();
        }
    }

    private void run() {
        try {
            while (!closed) {
                Sample s = queue.poll(200, TimeUnit.MILLISECONDS);
                if (s != null) {
                    measure(s);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("quality meter stopped: {}", e.toString());
        }
    }

    private void measure(Sample s) {
        FrameReference ref = reference;
        Optional<byte[]> sent = ref == null ? Optional.empty() : ref.luma(s.index, s.width, s.height);
        if (sent.isEmpty()) {
            unmatched.incrementAndGet();
            return;
        }
        int from = FrameMarker.stripHeight(s.height) * s.width;
        double mse = Quality.mse(
                Arrays.copyOfRange(sent.get(), from, sent.get().length), Arrays.copyOfRange(s.y, from, s.y.length));
        synchronized (sumLock) {
            psnrSum += Quality.psnrFromMse(mse);
            mseSum += mse;
            paired.incrementAndGet();
        }
    }

    /** Forgets the pairs so far. */
    public void reset() {
        synchronized (sumLock) {
            psnrSum = 0;
            mseSum = 0;
            paired.set(0);
        }
    }

    /** Mean PSNR-Y in dB over paired frames, NaN before the first pair. */
    public double meanPsnr() {
        synchronized (sumLock) {
            long n = paired.get();
            return n == 0 ? Double.NaN : psnrSum / n;
        }
    }

    /** PSNR of the mean MSE over paired frames (weights bad frames more than {@link #meanPsnr}). */
    public double psnrOfMeanMse() {
        synchronized (sumLock) {
            long n = paired.get();
            return n == 0 ? Double.NaN : Quality.psnrFromMse(mseSum / n);
        }
    }

    public long paired() {
        return paired.get();
    }

    /** Decoded frames whose index was not (or no longer) in the reference. */
    public long unmatched() {
        return unmatched.get();
    }

    /** Decoded frames not measured because the meter was behind. */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
