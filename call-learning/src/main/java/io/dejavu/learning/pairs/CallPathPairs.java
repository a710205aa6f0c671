package io.dejavu.learning.pairs;

import io.dejavu.call.Call;
import io.dejavu.call.CallOptions;
import io.dejavu.call.CallStats;
import io.dejavu.call.FrameReference;
import io.dejavu.call.MediaException;
import io.dejavu.call.VideoCodec;
import io.dejavu.call.VideoSourceSpec;
import io.dejavu.call.loopback.CallPair;
import io.dejavu.call.loopback.DirectSignaling;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Training pairs recorded through a real loopback call (ADR 0505): the footage file is the caller's
 * video at the call's codec and bitrate cap, and each frame the callee's libwebrtc decoder hands over
 * is paired, by the quality tap's index, with the frame that was sent. The model then learns from
 * what a receiver actually shows, including libwebrtc's own VP8 post-filter, which an offline
 * FFmpeg round trip leaves out. The call plays the file once through after connecting, so it takes
 * as long as the footage.
 *
 * <pre>{@code
 * try (CallPathPairs pairs = new CallPathPairs(err)) {
 *     new TrainingService(listener, pairs).train(request);
 * }
 * }</pre>
 */
public final class CallPathPairs implements PairMaker {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    // Slack over the footage's own length before giving up on frames that never arrive.
    private static final double SLOW_FACTOR = 1.5;
    private static final Duration SLACK = Duration.ofSeconds(10);
    // Stats come once a second: a shorter window would be one or two samples of a bursty rate.
    static final long MIN_WINDOW_MILLIS = 3000;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    /** Where frames went while pairs were recorded, for the line that says why some are missing. */
    private static final class Recording {
        private final int wanted;
        private long arrived;
        private long noIndex;
        private long scaled;
        private long noReference;
        private boolean complete;
        // The callee's stats when the first paired frame arrived: the start of the measured window.
        private Optional<CallStats> atFirstFrame = Optional.empty();

        Recording(int wanted) {
            this.wanted = wanted;
        }

        /**
         * One line: how many of the wanted frames never reached the recorder and, from the engine's
         * totals (stats lag by up to a second, hence "about"), how many of those the encoder dropped
         * and the receive queue dropped; then the frames that arrived but could not be paired.
         */
        String losses(Call sender, Call receiver) {
            long pushed = sender.framesPushed();
            long encoded = sender.lastStats().map(s -> s.framesSent()).orElse(0L);
            long missing = Math.max(0, wanted - arrived);
            long byEncoder = Math.min(missing, Math.max(0, pushed - encoded));
            long byQueue =
                    Math.min(missing - byEncoder, receiver.receivedFrames().droppedCount());
            long rest = missing - byEncoder - byQueue;
            List<String> why = new ArrayList<>();
            if (missing > 0) {
                why.add(String.format(
                        Locale.ROOT,
                        "%d never reached the recorder (about %d dropped by the encoder, which skips frames when"
                                + " the cap is too low for the picture or the CPU is busy; %d dropped by the receive"
                                + " queue because recording fell behind; %d %s)",
                        missing,
                        byEncoder,
                        byQueue,
                        rest,
                        complete ? "lost in transit or not decoded" : "not sent before the time ran out"));
            }
            if (noReference > 0) {
                why.add(noReference + " arrived after their sent frame was no longer kept");
            }
            if (noIndex > 0) {
                why.add(noIndex + " arrived without a readable tap stamp");
            }
            if (scaled > 0) {
                why.add(scaled + " arrived scaled down by libwebrtc");
            }
            return "frames lost: " + String.join("; ", why);
        }
    }

    private final PrintWriter err;
    // Opened (or borrowed) at the first recording and kept for the next: each libwebrtc factory
    // leaves native threads behind, so one per clip of a many-clip job would pile them up.
    private RuntimeLease lease;

    public CallPathPairs(PrintWriter err) {
        this.err = err;
    }

    /**
     * Half the cores, a call each: a loopback call encodes, decodes and reads its file on a few
     * threads of its own and must keep real time, or its encoder drops frames and the pairs thin
     * out. So one call at a time on a 2-core machine, as before, and eight on 16 cores, where the
     * 78 clips of a generic job take minutes instead of the 20 they take one by one.
     */
    @Override
    public int parallelism(int cores) {
        return Math.max(1, cores / 2);
    }

    /**
     * A replay's first {@link io.dejavu.learning.footage.CallRecorder#SETTLE} decode 2-3 dB further
     * from what the callee decoded than the rest (docs/PERFORMANCE.md, "Every call teaches: footage
     * kept by the sender"): the call's first key frame and its bandwidth estimate ramping up, which
     * the kept stretch of a real call, starting that long after connecting, never had.
     */
    @Override
    public Duration coldStart() {
        return io.dejavu.learning.footage.CallRecorder.SETTLE;
    }

    /** Closes the libwebrtc runtime this opened, if any (a borrowed one stays open). */
    @Override
    public synchronized void close() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    private synchronized RuntimeLease lease() throws MediaException {
        if (lease == null || lease.runtime().isClosed()) {
            lease = RuntimeLease.acquire();
        }
        return lease;
    }

    @Override
    public Pairs make(Footage footage, Codec codec, int bitrateKbps) {
        int w = footage.size().width();
        int h = footage.size().height();
        int n = footage.frames().size();
        err.printf(
                Locale.ROOT,
                "  recording pairs through a loopback call: %s, %d frames (%.0f s) at %d kbps%n",
                footage.source().getFileName(),
                n,
                footage.seconds(),
                bitrateKbps);
        err.flush();
        CallOptions caller = CallOptions.builder()
                .video(new VideoSourceSpec.File(footage.source(), Optional.of(new FrameSize(w, h))))
                .codec(VideoCodec.parse(codec.id()))
                .maxBitrateKbps(bitrateKbps)
                .audio(false)
                .qualityTap(true)
                .build();
        CallOptions callee = CallOptions.builder()
                .video(VideoSourceSpec.synthetic(new FrameSize(160, 96), 5))
                .codec(VideoCodec.parse(codec.id()))
                .maxBitrateKbps(30)
                .audio(false)
                .qualityTap(true)
                .build();
        try (CallPair pair = new DirectSignaling().start(lease().runtime(), caller, callee)) {
            Call sender = pair.caller();
            Call receiver = pair.callee();
            sender.awaitConnected(CONNECT);
            receiver.awaitConnected(CONNECT);
            FrameReference sent = sender.sentFrames()
                    .orElseThrow(() -> new IllegalStateException("the quality tap is on but keeps no sent frames"));
            Recording rec = new Recording(n);
            TreeMap<Long, byte[][]> byIndex = record(receiver, sent, w, h, n, footage.fps(), rec);
            if (byIndex.isEmpty()) {
                throw new TrainingException("the loopback call delivered no frames of " + footage.source());
            }
            List<byte[]> original = new ArrayList<>(byIndex.size());
            List<byte[]> decoded = new ArrayList<>(byIndex.size());
            byIndex.values().forEach(p -> {
                original.add(p[0]);
                decoded.add(p[1]);
            });
            double kbps = receivedKbps(rec.atFirstFrame, receiver.lastStats(), bitrateKbps);
            String encoder = String.format(
                    Locale.ROOT,
                    "libwebrtc %s over a loopback call (cap %d kbps; %d of %d frames paired)",
                    codec.id(),
                    bitrateKbps,
                    byIndex.size(),
                    n);
            err.printf(Locale.ROOT, "  %s; received %.1f kbps of video RTP payload%n", encoder, kbps);
            if (byIndex.size() < n) {
                err.println("  " + rec.losses(sender, receiver));
            }
            err.flush();
            return new Pairs(new PairSet(footage.size(), original, decoded), encoder, kbps);
        } catch (MediaException e) {
            throw new TrainingException("cannot record pairs through a call: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new TrainingException("the loopback call for training pairs did not connect: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted while recording pairs through a call", e);
        }
    }

    /**
     * The video bitrate the callee received while the pairs were recorded, in kbps of RTP payload
     * (packet headers and RTCP not counted): the payload bytes between the stats report at the first
     * paired frame and the last one, over at least {@link #MIN_WINDOW_MILLIS}. A shorter recording
     * (a test's second of footage) takes the whole call's payload over its length, and a call without
     * a stats report yet takes the cap; never NaN, which the operating range would refuse.
     */
    static double receivedKbps(Optional<CallStats> atFirstFrame, Optional<CallStats> atEnd, int capKbps) {
        if (atEnd.isEmpty()) {
            return capKbps;
        }
        CallStats end = atEnd.get();
        if (atFirstFrame.isPresent()) {
            long millis = end.elapsedMillis() - atFirstFrame.get().elapsedMillis();
            long bytes = end.videoBytesReceived() - atFirstFrame.get().videoBytesReceived();
            if (millis >= MIN_WINDOW_MILLIS && bytes > 0) {
                return bytes * 8.0 / millis; // bits per millisecond = kbps
            }
        }
        if (end.elapsedMillis() >= 1000 && end.videoBytesReceived() > 0) {
            return end.videoBytesReceived() * 8.0 / end.elapsedMillis();
        }
        return capKbps;
    }

    /**
     * Pairs received frames with the sent ones for {@code n} frames from the first that arrives,
     * keyed by the sender's index so that the pairs stay in call order and the held-back split takes
     * the later part of the call. The reference is the frame as sent, so the pair is right whatever
     * the file source scaled, cropped or looped.
     */
    private TreeMap<Long, byte[][]> record(
            Call receiver, FrameReference sent, int w, int h, int n, double fps, Recording rec)
            throws InterruptedException {
        int marked = FrameReference.markedRows(h) * w;
        long deadline = System.nanoTime() + Math.round(n / Math.max(1.0, fps) * SLOW_FACTOR * 1e9) + SLACK.toNanos();
        TreeMap<Long, byte[][]> byIndex = new TreeMap<>();
        long first = -1;
        long started = System.nanoTime();
        long nextReport = started + PROGRESS_EVERY.toNanos();
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextReport) {
                nextReport += PROGRESS_EVERY.toNanos();
                err.printf(
                        Locale.ROOT,
                        "  recording pairs: %3.0f s of about %.0f s, %d of %d frames paired%n",
                        (System.nanoTime() - started) / 1e9,
                        n / Math.max(1.0, fps),
                        byIndex.size(),
                        n);
                err.flush();
            }
            Optional<I420Frame> next = receiver.receivedFrames().poll(100, TimeUnit.MILLISECONDS);
            if (next.isEmpty()) {
                continue;
            }
            I420Frame frame = next.get();
            long index = frame.index();
            if (index < 0) {
                rec.noIndex++; // the tap's stamp did not survive: not a pair
                continue;
            }
            if (frame.width() != w || frame.height() != h) {
                rec.scaled++; // libwebrtc scaled it down: not a pair
                continue;
            }
            if (first < 0) {
                first = index;
                rec.atFirstFrame = receiver.lastStats();
            }
            if (index >= first + n) {
                rec.complete = true;
                break;
            }
            rec.arrived++;
            Optional<byte[]> reference = sent.luma(index, w, h);
            if (reference.isEmpty()) {
                rec.noReference++;
                continue;
            }
            byte[] decoded = frame.y().clone();
            // The strip the tap painted arrives intact enough to read but is not picture: make it
            // equal to the sent one so that it teaches the model nothing.
            System.arraycopy(reference.get(), 0, decoded, 0, marked);
            byIndex.put(index, new byte[][] {reference.get().clone(), decoded});
        }
        return byIndex;
    }
}
