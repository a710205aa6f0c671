package io.dejavu.learning.footage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.Call;
import io.dejavu.call.CallOptions;
import io.dejavu.call.FrameReference;
import io.dejavu.call.MediaRuntime;
import io.dejavu.call.SharedRuntime;
import io.dejavu.call.VideoCodec;
import io.dejavu.call.VideoSourceSpec;
import io.dejavu.call.internal.FrameMarker;
import io.dejavu.call.loopback.CallPair;
import io.dejavu.call.loopback.DirectSignaling;
import io.dejavu.learning.pairs.CallPathPairs;
import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairMaker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How close the replay of kept footage comes to what the callee decoded (issue 17, ADR 0701): a
 * real loopback call plays a sample clip with the quality tap on while a {@link CallRecorder} keeps
 * the sender's frames; the kept file is then replayed through {@link CallPathPairs} at the bitrate
 * the recorder measured. Per kept frame (by the tap's stamp) it compares the callee's decoded Y
 * from the real call and the replay's decoded Y, each against the sent frame and against each
 * other, below the tap's strip, and prints a table. A measurement first: it asserts only that
 * enough frames were compared and that, past the replay's cold start, the replay's PSNR-Y is within
 * a generous 1.5 dB of the callee's.
 *
 * <pre>
 * mvn -B -o verify -pl call-learning -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ReplayFidelityIT [-Dreplay.seconds=10] [-Dreplay.kbps=50,150] [-Dreplay.size=640x360]
 * </pre>
 */
@ExtendWith(SharedRuntime.class)
class ReplayFidelityIT {
    // Short by default to keep the test suite quick; docs/PERFORMANCE.md's rows use 20.
    private static final int SECONDS = Integer.getInteger("replay.seconds", 6);
    private static final List<Integer> KBPS = Arrays.stream(
                    System.getProperty("replay.kbps", "50,150").split(","))
            .map(s -> Integer.parseInt(s.trim()))
            .toList();
    // By default the sample's own size (400x300), as a call of it would send; -Dreplay.size=640x360.
    private static final Optional<FrameSize> SIZE = Optional.ofNullable(System.getProperty("replay.size"))
            .filter(s -> !s.isBlank())
            .map(s -> s.split("x"))
            .map(wh -> new FrameSize(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim())));

    private record Row(
            int capKbps,
            int keptKbps,
            double replayKbps,
            int kept,
            double mbPerMinute,
            int compared,
            double calleePsnr,
            double replayPsnr,
            double between,
            double meanAbsDiff,
            double betweenEarly,
            double betweenLater,
            double replays,
            double replaysAbsDiff,
            double calleeLater,
            double replayLater) {}

    /** One replay's decoded Y by kept frame, and the rate the replay's callee received. */
    private record Replay(Map<Integer, byte[]> decoded, double kbps) {}

    private final MediaRuntime runtime;

    @TempDir
    Path tmp;

    ReplayFidelityIT(MediaRuntime runtime) {
        this.runtime = runtime;
    }

    @Test
    void replayOfKeptFootageDecodesCloseToWhatTheCalleeDecoded() throws Exception {
        StringBuilder table = new StringBuilder();
        table.append(String.format(
                Locale.ROOT,
                "%n%s, %d s kept per call after %d s settling, VP8, %s%n",
                SampleFootage.ONE_MAN,
                SECONDS,
                CallRecorder.SETTLE.toSeconds(),
                SIZE.map(FrameSize::toString).orElse("its own size")));
        table.append(
                "| cap kbps | kept at kbps (sent) | replay kbps (received) | frames kept | kept MB per minute | compared | callee vs sent"
                        + " | replay vs sent | callee vs replay | abs diff of per-frame PSNR | callee vs replay,"
                        + " first 3 s / rest | replay vs replay again | abs diff, replay vs again | after the first 3 s:"
                        + " callee / replay vs sent |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|\n");
        for (int kbps : KBPS) {
            Row r = measure(kbps);
            table.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %.1f | %d | %.0f | %d | %.2f | %.2f | %.2f | %.2f | %.2f / %.2f | %.2f | %.2f | %.2f / %.2f |%n",
                    r.capKbps(),
                    r.keptKbps(),
                    r.replayKbps(),
                    r.kept(),
                    r.mbPerMinute(),
                    r.compared(),
                    r.calleePsnr(),
                    r.replayPsnr(),
                    r.between(),
                    r.meanAbsDiff(),
                    r.betweenEarly(),
                    r.betweenLater(),
                    r.replays(),
                    r.replaysAbsDiff(),
                    r.calleeLater(),
                    r.replayLater()));
            assertTrue(r.compared() >= r.kept() / 4, () -> "too few frames compared: " + r);
            // Measured within 0.2 dB once the replay has warmed up; far more means the kept footage,
            // its bitrate or the replay went wrong.
            assertTrue(
                    Math.abs(r.calleeLater() - r.replayLater()) < 1.5,
                    () -> "the warmed-up replay decodes unlike the callee: " + r);
        }
        System.out.println(table);
    }

    private Row measure(int kbps) throws Exception {
        FootageStore store = FootageStore.open(
                tmp.resolve(kbps + "kbps"), FootageLimits.DEFAULTS.withMaxPerCall(Duration.ofSeconds(SECONDS)));
        Map<Integer, byte[]> atCallee = new HashMap<>();
        CallRecorder recorder;
        FrameSize size;
        try (CallPair pair = new DirectSignaling().start(runtime, caller(kbps), callee())) {
            Call sender = pair.caller();
            sender.awaitConnected(Duration.ofSeconds(15));
            pair.callee().awaitConnected(Duration.ofSeconds(15));
            size = sender.sendSize();
            recorder = CallRecorder.start(sender, store);
            int stretch = (int) Math.round(SECONDS * sender.sendFps());
            long deadline = Long.MAX_VALUE;
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS * 4L + 30);
            // Decode on until a second after the stretch ends, so its last frames arrive too.
            while (System.nanoTime() < Math.min(deadline, giveUp)) {
                if (deadline == Long.MAX_VALUE && recorder.framesKept() + recorder.framesSkipped() >= stretch) {
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                Optional<I420Frame> f = pair.callee().receivedFrames().poll(100, TimeUnit.MILLISECONDS);
                if (f.isPresent()
                        && f.get().index() >= 0
                        && f.get().width() == size.width()
                        && f.get().height() == size.height()) {
                    atCallee.put((int) (f.get().index() & 0xffff), f.get().y().clone());
                }
            }
        }
        recorder.close();
        KeptCall kept = recorder.result().orElseThrow(() -> new AssertionError("nothing kept: " + recorder.failure()));
        Footage footage = FootageReader.read(kept.video(), Optional.empty(), kept.frames());

        int skip = FrameReference.markedRows(size.height()) * size.width();
        Replay first = replay(footage, kept, skip);
        // A second replay of the same file: how far apart libwebrtc's own runs are, the floor.
        Replay second = replay(footage, kept, skip);

        int early = (int) Math.round(CallRecorder.SETTLE.toSeconds() * footage.fps());
        double[] sum = new double[10];
        int n = 0;
        int nEarly = 0;
        int nAgain = 0;
        for (int i = 0; i < footage.frames().size(); i++) {
            byte[] sent = footage.frames().get(i).y();
            int code = FrameMarker.read(sent, size.width(), size.height());
            byte[] a = code < 0 ? null : atCallee.get(code);
            byte[] b = first.decoded().get(i);
            byte[] c = second.decoded().get(i);
            if (a == null || b == null) {
                continue;
            }
            double pa = psnr(sent, a, skip);
            double pb = psnr(sent, b, skip);
            double ab = psnr(a, b, skip);
            sum[0] += pa;
            sum[1] += pb;
            sum[2] += ab;
            sum[3] += Math.abs(pa - pb);
            if (i < early) {
                sum[4] += ab;
                nEarly++;
            } else {
                sum[5] += ab;
                sum[8] += pa;
                sum[9] += pb;
            }
            if (c != null) {
                sum[6] += psnr(b, c, skip);
                sum[7] += Math.abs(pb - psnr(sent, c, skip));
                nAgain++;
            }
            n++;
        }
        return new Row(
                kbps,
                kept.sendKbps(),
                first.kbps(),
                kept.frames(),
                kept.bytes() / 1e6 / kept.seconds() * 60,
                n,
                sum[0] / n,
                sum[1] / n,
                sum[2] / n,
                sum[3] / n,
                sum[4] / nEarly,
                sum[5] / (n - nEarly),
                sum[6] / nAgain,
                sum[7] / nAgain,
                sum[8] / (n - nEarly),
                sum[9] / (n - nEarly));
    }

    /** Replays the kept file through a loopback call at the kept bitrate, as the learner will. */
    private static Replay replay(Footage footage, KeptCall kept, int skip) {
        StringWriter log = new StringWriter();
        PairMaker.Pairs replay;
        try (CallPathPairs pairs = new CallPathPairs(new PrintWriter(log, true))) {
            replay = pairs.make(footage, Codec.valueOf(kept.codec().name()), kept.sendKbps());
        }
        System.out.print(log);
        // The replay stamps its own indices: find each replayed frame's kept frame by its picture.
        Map<ByteBuffer, Integer> keptByPicture = new HashMap<>();
        for (int i = 0; i < footage.frames().size(); i++) {
            keptByPicture.putIfAbsent(picture(footage.frames().get(i).y(), skip), i);
        }
        Map<Integer, byte[]> decoded = new HashMap<>();
        for (int i = 0; i < replay.pairs().frames(); i++) {
            Integer at = keptByPicture.get(picture(replay.pairs().original().get(i), skip));
            if (at != null) {
                decoded.putIfAbsent(at, replay.pairs().decoded().get(i));
            }
        }
        return new Replay(decoded, replay.kbps());
    }

    private static ByteBuffer picture(byte[] y, int skip) {
        return ByteBuffer.wrap(Arrays.copyOfRange(y, skip, y.length));
    }

    private static double psnr(byte[] a, byte[] b, int skip) {
        return Quality.psnr(Arrays.copyOfRange(a, skip, a.length), Arrays.copyOfRange(b, skip, b.length));
    }

    private static CallOptions caller(int kbps) {
        return CallOptions.builder()
                .video(new VideoSourceSpec.File(SampleFootage.require(SampleFootage.ONE_MAN), SIZE))
                .codec(VideoCodec.VP8)
                .maxBitrateKbps(kbps)
                .audio(false)
                .qualityTap(true)
                .build();
    }

    private static CallOptions callee() {
        return CallOptions.builder()
                .video(new VideoSourceSpec.Synthetic(new FrameSize(160, 96), 5))
                .codec(VideoCodec.VP8)
                .maxBitrateKbps(30)
                .audio(false)
                .qualityTap(true)
                .build();
    }
}
