package io.dejavu.learning.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.CallOptions;
import io.dejavu.call.MediaRuntime;
import io.dejavu.call.SharedRuntime;
import io.dejavu.call.VideoCodec;
import io.dejavu.call.VideoSourceSpec;
import io.dejavu.call.internal.FrameMarker;
import io.dejavu.call.loopback.CallPair;
import io.dejavu.call.loopback.DirectSignaling;
import io.dejavu.learning.CallCapture;
import io.dejavu.learning.LocalSelfLearning;
import io.dejavu.learning.ModelPublisherPort;
import io.dejavu.learning.footage.CallRecorder;
import io.dejavu.learning.footage.FootageStore;
import io.dejavu.learning.footage.KeptCall;
import io.dejavu.learning.pairs.CallPathPairs;
import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.Await;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestModels;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's path from a call to training pairs, on a real libwebrtc loopback call: with consent
 * on, {@link LocalSelfLearning} (wired with {@link LocalSelfLearning.Config#onThisMachine}) keeps the
 * caller's outgoing frames in its {@link FootageStore}, and the learner's pairs of that kept call
 * come from a replay through a real call, less the replay's cold start.
 *
 * <p>It also prints the measurement behind dropping the cold start (ADR 0701): mean PSNR-Y of the
 * replay's pairs in its first {@link CallRecorder#SETTLE} and after. {@code -Dkept.size=400x300
 * -Dkept.kbps=110 -Dkept.seconds=20} gives the demo's operating point (defaults: 160x120, 100 kbps,
 * 8 s kept).
 */
@ExtendWith(SharedRuntime.class)
class KeptCallLearningIT {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private final MediaRuntime runtime;

    @TempDir
    Path tmp;

    KeptCallLearningIT(MediaRuntime runtime) {
        this.runtime = runtime;
    }

    /** Passes everything to the real maker and keeps the pairs it made, cold start included. */
    private static final class Watching implements PairMaker {
        private final PairMaker real;
        private final AtomicReference<Pairs> last = new AtomicReference<>();

        Watching(PairMaker real) {
            this.real = real;
        }

        @Override
        public Pairs make(Footage footage, Codec codec, int bitrateKbps) {
            Pairs p = real.make(footage, codec, bitrateKbps);
            last.set(p);
            return p;
        }

        @Override
        public Duration coldStart() {
            return real.coldStart();
        }
    }

    @Test
    void aCallWithConsentLeavesAKeptCallThatTheLearnerTurnsIntoWarmPairs() throws Exception {
        String[] wh = System.getProperty("kept.size", "160x120").split("x");
        FrameSize size = new FrameSize(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        int kbps = Integer.getInteger("kept.kbps", 100);
        int seconds = Integer.getInteger("kept.seconds", 8);
        PrintWriter err = new PrintWriter(System.err, true);
        try (CallPathPairs replay = new CallPathPairs(err)) {
            LocalSelfLearning.Config config = LocalSelfLearning.Config.onThisMachine(
                    "alice",
                    tmp.resolve("learning"),
                    ModelPublisherPort.LOCAL_ONLY,
                    replay,
                    TestModels.shippedGenericModel(),
                    Optional::empty,
                    LearnerBudget.defaults(),
                    Duration.ofHours(1)); // no run starts: this test makes the pairs itself
            FootageStore store = (FootageStore) config.footage();
            CallOptions caller = CallOptions.builder()
                    .video(new VideoSourceSpec.File(SampleFootage.require(SampleFootage.ONE_MAN), Optional.of(size)))
                    .codec(VideoCodec.VP8)
                    .maxBitrateKbps(kbps)
                    .audio(false)
                    .build();
            CallOptions callee = CallOptions.builder()
                    .video(new VideoSourceSpec.Synthetic(new FrameSize(160, 96), 5))
                    .maxBitrateKbps(30)
                    .audio(false)
                    .build();
            long captured;
            try (LocalSelfLearning learning = new LocalSelfLearning(config);
                    CallPair pair = new DirectSignaling().start(runtime, caller, callee)) {
                assertEquals(Optional.empty(), learning.callStarted(pair.caller()), "nothing is kept without consent");
                learning.callEnded();
                learning.setConsent(true);

                CallCapture capture = learning.callStarted(pair.caller())
                        .orElseThrow(() -> new AssertionError("consent is on: the call is kept"));
                pair.caller().awaitConnected(Duration.ofSeconds(15));
                long wanted = Math.round(seconds * pair.caller().sendFps());
                Await.until(
                        seconds + " s of frames kept",
                        LIMIT.plusSeconds(seconds),
                        () -> capture.framesKept() + capture.framesSkipped() >= wanted);
                capture.close();
                learning.callEnded();
                captured = capture.framesKept();
                assertEquals(1, learning.footage().calls(), "the kept call is what the app reports");
            }

            List<KeptCall> kept = store.calls();
            assertEquals(1, kept.size(), "one kept call in the store");
            KeptCall call = kept.get(0);
            assertEquals(captured, call.frames());
            assertEquals(size, call.size());
            assertTrue(call.sendKbps() > 10 && call.sendKbps() < 3 * kbps, call.sendKbps() + " kbps kept");

            Watching watching = new Watching(replay);
            PairSet pairs = new KeptCallPairs(watching, 2).of(call, 10_000).pairs();
            PairSet all = watching.last.get().pairs();
            int cold = (int) Math.round(CallRecorder.SETTLE.toMillis() / 1000.0 * call.frames() / call.seconds());
            assertTrue(all.frames() > cold + 20, () -> "the replay paired " + all.frames() + " frames");
            int warm = Math.min(all.frames() - cold, KeptCallPairs.KEPT_PER_CALL);
            assertEquals(warm, pairs.frames(), "pairs after the replay's cold start");
            assertArrayEquals(all.original().get(cold), pairs.original().get(0), "the first warm pair comes first");
            if (warm == all.frames() - cold) {
                assertArrayEquals(
                        all.decoded().get(all.frames() - 1),
                        pairs.decoded().get(pairs.frames() - 1),
                        "up to the last pair");
            }

            int skip = FrameMarker.stripHeight(size.height()) * size.width();
            System.out.printf(
                    Locale.ROOT,
                    "kept-call replay %s at %d kbps (kept at %d kbps, %d frames): PSNR-Y of the pairs, first %d"
                            + " (cold start) %.2f dB, the %d after %.2f dB%n",
                    size,
                    kbps,
                    call.sendKbps(),
                    call.frames(),
                    cold,
                    meanPsnr(all, 0, cold, skip),
                    all.frames() - cold,
                    meanPsnr(all, cold, all.frames(), skip));
        }
    }

    private static double meanPsnr(PairSet p, int from, int to, int skip) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            byte[] o = p.original().get(i);
            byte[] d = p.decoded().get(i);
            sum += Quality.psnr(Arrays.copyOfRange(o, skip, o.length), Arrays.copyOfRange(d, skip, d.length));
        }
        return sum / Math.max(1, to - from);
    }
}
