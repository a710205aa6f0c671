package io.dejavu.cli.call;

import io.dejavu.call.Call;
import io.dejavu.call.CallOptions;
import io.dejavu.call.CallStats;
import io.dejavu.call.MediaException;
import io.dejavu.call.MediaRuntime;
import io.dejavu.call.VideoCodec;
import io.dejavu.call.VideoSourceSpec;
import io.dejavu.call.loopback.CallPair;
import io.dejavu.call.loopback.LoopbackSignaling;
import io.dejavu.protocol.video.FrameSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls yourself: a caller sends a video file at a capped bitrate to a callee in the same process
 * and the callee measures what arrives (bitrate, frame rate, PSNR-Y through the quality tap). The
 * callee sends a small synthetic stream back so both directions carry media, while leaving most of
 * the CPU to the measured path.
 *
 * <pre>{@code
 * try (MediaRuntime runtime = MediaRuntime.open(MediaRuntime.Audio.HEADLESS);
 *         LoopbackSignaling signaling = new DirectSignaling()) {
 *     LoopbackResult r = new LoopbackRunner(runtime, signaling).run(new LoopbackRunner.Settings(
 *             Path.of("clip.mp4"), Optional.of(new FrameSize(640, 360)), VideoCodec.VP8, 150,
 *             Duration.ofSeconds(10), Duration.ofSeconds(2)));
 * }
 * }</pre>
 */
public final class LoopbackRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackRunner.class);

    /**
     * One loopback run.
     *
     * @param video the clip the caller sends (looped)
     * @param size scale and crop the clip to this; empty keeps its size
     * @param codec preferred video codec
     * @param bitrateKbps the caller's video cap
     * @param duration measurement window
     * @param warmup time after connecting that is not measured (encoder ramp-up)
     */
    public record Settings(
            Path video,
            Optional<FrameSize> size,
            VideoCodec codec,
            int bitrateKbps,
            Duration duration,
            Duration warmup) {
        public Settings {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive, got " + duration);
            }
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("warm-up must not be negative, got " + warmup);
            }
        }
    }

    private final MediaRuntime runtime;
    private final LoopbackSignaling signaling;

    public LoopbackRunner(MediaRuntime runtime, LoopbackSignaling signaling) {
        this.runtime = runtime;
        this.signaling = signaling;
    }

    /** Runs one call and measures it. */
    public LoopbackResult run(Settings s) throws MediaException, InterruptedException, TimeoutException {
        CallOptions caller = CallOptions.builder()
                .video(new VideoSourceSpec.File(s.video(), s.size()))
                .codec(s.codec())
                .maxBitrateKbps(s.bitrateKbps())
                .qualityTap(true)
                .build();
        CallOptions callee = CallOptions.builder()
                .video(VideoSourceSpec.synthetic(new FrameSize(320, 180), 15))
                .codec(s.codec())
                .maxBitrateKbps(100)
                .qualityTap(true)
                .build();
        long start = System.nanoTime();
        try (CallPair pair = signaling.start(runtime, caller, callee)) {
            Call sender = pair.caller();
            Call receiver = pair.callee();
            sender.sentFrames().ifPresent(receiver::measureAgainst);
            sender.awaitConnected(Duration.ofSeconds(15));
            receiver.awaitConnected(Duration.ofSeconds(15));
            long setupMs = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(s.warmup().toMillis());
            CallStats before = freshStats(receiver);
            receiver.restartQualityMeasurement();
            long sentBefore = sender.framesPushed();
            long receivedBefore = receiver.framesReceived();
            long t0 = System.nanoTime();
            Thread.sleep(s.duration().toMillis());
            long sent = sender.framesPushed() - sentBefore;
            long received = receiver.framesReceived() - receivedBefore;
            double seconds = (System.nanoTime() - t0) / 1e9;
            double psnr = receiver.meanPsnrY();
            long paired = receiver.pairedFrames();
            CallStats after = freshStats(receiver);
            double kbps = (after.videoBytesReceived() - before.videoBytesReceived())
                    * 8.0
                    / Math.max(1e-3, (after.elapsedMillis() - before.elapsedMillis()) / 1000.0)
                    / 1000.0;
            String codec = after.receiveCodec().replace("video/", "");
            LoopbackResult result = new LoopbackResult(
                    codec.isEmpty() ? s.codec().name() : codec,
                    s.bitrateKbps(),
                    round(kbps),
                    sent,
                    received,
                    round(received / seconds),
                    round(sent / seconds),
                    Double.isNaN(psnr) ? null : round(psnr),
                    paired,
                    setupMs,
                    after.receiveWidth(),
                    after.receiveHeight(),
                    round(seconds));
            LOG.info("loopback {}: {}", s.codec(), result);
            return result;
        }
    }

    /**
     * Sets up {@code calls} calls one after another (synthetic video, no measurement) and returns
     * each set-up time in ms: from asking for the call to both ends being connected.
     */
    public long[] setupTimes(int calls, FrameSize size) throws MediaException, InterruptedException, TimeoutException {
        return setupTimes(calls, size, new double[calls]);
    }

    /** As {@link #setupTimes(int, FrameSize)}, also filling {@code rssMib[i]} after call i closed. */
    public long[] setupTimes(int calls, FrameSize size, double[] rssMib)
            throws MediaException, InterruptedException, TimeoutException {
        CallOptions options =
                CallOptions.builder().video(VideoSourceSpec.synthetic(size, 30)).build();
        long[] ms = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            try (CallPair pair = signaling.start(runtime, options, options)) {
                pair.caller().awaitConnected(Duration.ofSeconds(15));
                pair.callee().awaitConnected(Duration.ofSeconds(15));
                ms[i] = (System.nanoTime() - start) / 1_000_000;
                // A second of media per call, so leaks per frame show up as well as per call.
                Thread.sleep(1000);
            }
            rssMib[i] = ProcessMemory.rssMib();
            LOG.info("call {} set up in {} ms; RSS {} MiB after closing", i + 1, ms[i], rssMib[i]);
        }
        return ms;
    }

    /** Waits for the next per-second stats report of {@code call}. */
    private static CallStats freshStats(Call call) throws InterruptedException, TimeoutException {
        Optional<CallStats> start = call.lastStats();
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<CallStats> now = call.lastStats();
            if (now.isPresent() && (start.isEmpty() || now.get() != start.get())) {
                return now.get();
            }
            Thread.sleep(20);
        }
        throw new TimeoutException("no stats from " + call + " for 3 s");
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
