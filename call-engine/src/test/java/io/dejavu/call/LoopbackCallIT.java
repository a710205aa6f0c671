package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.loopback.CallPair;
import io.dejavu.call.loopback.DirectSignaling;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.Await;
import io.dejavu.testing.SampleFootage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real libwebrtc peer connections over loopback (host candidates only), signals passed in-process. An
 * integration test (Failsafe, {@code integration-test} phase): every test places real calls. Tests wait for
 * what the call reports (stats, frames, states) through {@link Await}, never for a fixed time.
 */
@ExtendWith(SharedRuntime.class)
class LoopbackCallIT {
    private static final FrameSize SMALL = new FrameSize(320, 180);
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final MediaRuntime runtime;
    private CallPair pair;

    LoopbackCallIT(MediaRuntime runtime) {
        this.runtime = runtime;
    }

    @BeforeEach
    void noCallsLeftOver() {
        assertEquals(0, runtime.openCalls(), "a previous test left calls open");
    }

    @AfterEach
    void closeEverything() throws InterruptedException {
        if (pair != null) {
            pair.close();
        }
        assertEquals(0, runtime.openCalls());
        Threads.assertNoEngineThreads();
    }

    private CallPair start(CallOptions caller, CallOptions callee) throws Exception {
        pair = new DirectSignaling().start(runtime, caller, callee);
        pair.caller().awaitConnected(Duration.ofSeconds(10));
        pair.callee().awaitConnected(Duration.ofSeconds(10));
        return pair;
    }

    private static CallOptions synthetic(int kbps) {
        return CallOptions.builder()
                .video(VideoSourceSpec.synthetic(SMALL, 15))
                .maxBitrateKbps(kbps)
                .build();
    }

    @Test
    void mediaFlowsBothWaysAndDecodesAtTheSentSize() throws Exception {
        List<CallStats> callerStats = new CopyOnWriteArrayList<>();
        start(synthetic(300), synthetic(300));
        pair.caller().addListener(new CallListener() {
            @Override
            public void onStats(CallStats stats) {
                callerStats.add(stats);
            }
        });
        Optional<I420Frame> atCallee = pair.callee().receivedFrames().poll(5, TimeUnit.SECONDS);
        Optional<I420Frame> atCaller = pair.caller().receivedFrames().poll(5, TimeUnit.SECONDS);
        assertTrue(atCallee.isPresent(), "callee decoded no frame");
        assertTrue(atCaller.isPresent(), "caller decoded no frame");
        assertEquals(SMALL.width(), atCallee.get().width());
        assertEquals(SMALL.height(), atCallee.get().height());
        // two reports: the rates of the second cover a whole second of media
        Await.until("two stats reports at the caller", TEN_SECONDS, () -> callerStats.size() >= 2);
        Await.until("20 frames at the callee", TEN_SECONDS, () -> pair.callee().framesReceived() > 20);
        CallStats last = callerStats.get(callerStats.size() - 1);
        assertEquals("video/VP8", last.sendCodec());
        assertTrue(last.sendKbps() > 10, "caller sends " + last.sendKbps() + " kbps");
        assertTrue(last.receiveKbps() > 10, "caller receives " + last.receiveKbps() + " kbps");
        assertTrue(last.fpsDecoded() > 5, "caller decodes " + last.fpsDecoded() + " fps");
        assertEquals(320, last.receiveWidth());
        assertTrue(pair.caller().localPreview().poll(1, TimeUnit.SECONDS).isPresent(), "no local preview");
    }

    @Test
    void realFootageAtLowBitrateKeepsTheCapAndAPlausiblePsnr() throws Exception {
        // The most detailed sample once upscaled to 640x360 (the 400x300 ones reach 48 dB at 150 kbps).
        Path clip = SampleFootage.require(SampleFootage.ANOTHER_MAN);
        CallOptions caller = CallOptions.builder()
                .video(VideoSourceSpec.file(clip, new FrameSize(640, 360)))
                .maxBitrateKbps(150)
                .qualityTap(true)
                .build();
        CallOptions callee = synthetic(100).toBuilder().qualityTap(true).build();
        start(caller, callee);
        pair.callee().measureAgainst(pair.caller().sentFrames().orElseThrow());
        // past the first key frame and the encoder's start-up: frames are being paired and reported
        Await.until(
                "the callee pairs frames and reports stats",
                TEN_SECONDS,
                () -> pair.callee().pairedFrames() > 10
                        && pair.callee().lastStats().isPresent());
        pair.callee().restartQualityMeasurement();
        CallStats first = pair.callee().lastStats().orElseThrow();
        long bytes0 = first.videoBytesReceived();
        long t0 = first.elapsedMillis();
        // the rate is bytes over the call's own clock: a window of four seconds of its stats reports
        Await.until(
                "four seconds of stats and 40 paired frames",
                Duration.ofSeconds(15),
                () -> pair.callee().lastStats().orElseThrow().elapsedMillis() - t0 >= 4000
                        && pair.callee().pairedFrames() > 40);
        CallStats s = pair.callee().lastStats().orElseThrow();
        double kbps = (s.videoBytesReceived() - bytes0) * 8.0 / (s.elapsedMillis() - t0);
        double psnr = pair.callee().meanPsnrY();
        assertTrue(kbps > 60 && kbps < 150 * 1.25, "received " + kbps + " kbps at a 150 kbps cap");
        assertTrue(psnr > 26 && psnr < 48, "PSNR-Y " + psnr + " dB is outside 26..48 for 150 kbps 640x360");
        assertEquals(640, s.receiveWidth(), "resolution must be kept at low bitrate");
    }

    @Test
    void receiverCanMeasureAgainstTheSameFileInsteadOfTheSendersMemory() throws Exception {
        Path clip = SampleFootage.require(SampleFootage.ONE_MAN_OTHER_TAKE);
        FrameSize size = new FrameSize(256, 256);
        CallOptions caller = CallOptions.builder()
                .video(VideoSourceSpec.file(clip, size))
                .maxBitrateKbps(150)
                .qualityTap(true)
                .build();
        try (FileFrameReference reference = FileFrameReference.open(clip, Optional.of(size))) {
            start(caller, synthetic(100).toBuilder().qualityTap(true).build());
            pair.callee().measureAgainst(reference);
            Await.until(
                    "30 frames paired with the file",
                    TEN_SECONDS,
                    () -> pair.callee().pairedFrames() > 30);
            double psnr = pair.callee().meanPsnrY();
            assertTrue(psnr > 26 && psnr < 60, "PSNR-Y " + psnr + " against the re-decoded file");
        }
    }

    @Test
    void raisingTheCapRaisesTheRate() throws Exception {
        start(synthetic(80), synthetic(80));
        // the rate has reached the cap (it starts higher and is held down, or ramps up to it)
        Await.until("the callee receives near the 80 kbps cap", TEN_SECONDS, () -> receiveKbps() > 80 * 0.5);
        double low = receiveKbps();
        assertTrue(low < 80 * 1.3, "capped at 80 kbps but received " + low);
        pair.caller().setMaxBitrateKbps(600);
        Await.until(
                "raising the cap to 600 kbps lifts the rate from " + low + " kbps past 1.5 times that and the old cap",
                Duration.ofSeconds(15),
                () -> receiveKbps() > Math.max(low * 1.5, 80 * 1.3));
    }

    private double receiveKbps() {
        return pair.callee().lastStats().map(CallStats::receiveKbps).orElse(0.0);
    }

    @Test
    void preferredCodecIsNegotiated() throws Exception {
        CallOptions h264 = synthetic(300).toBuilder().codec(VideoCodec.H264).build();
        start(h264, h264);
        Await.until(
                "both sides report a codec",
                TEN_SECONDS,
                () -> pair.caller()
                                .lastStats()
                                .filter(s -> s.sendCodec() != null)
                                .isPresent()
                        && pair.callee()
                                .lastStats()
                                .filter(s -> s.receiveCodec() != null)
                                .isPresent());
        assertEquals("video/H264", pair.caller().lastStats().orElseThrow().sendCodec());
        assertEquals("video/H264", pair.callee().lastStats().orElseThrow().receiveCodec());
    }

    @Test
    void callerHangUpEndsTheCallee() throws Exception {
        start(synthetic(150), synthetic(150));
        pair.caller().hangUp();
        assertEquals(CallState.EndReason.REMOTE_HANGUP, pair.callee().ended().get(5, TimeUnit.SECONDS));
        assertEquals(CallState.EndReason.LOCAL_HANGUP, pair.caller().ended().get(5, TimeUnit.SECONDS));
    }

    @Test
    void calleeHangUpEndsTheCaller() throws Exception {
        start(synthetic(150), synthetic(150));
        pair.callee().close();
        assertEquals(CallState.EndReason.REMOTE_HANGUP, pair.caller().ended().get(5, TimeUnit.SECONDS));
        assertEquals(CallState.ENDED, pair.callee().state());
    }

    @Test
    void peerThatVanishesEndsTheCallAsLost() throws Exception {
        start(synthetic(150), synthetic(150));
        pair.callee().dropWithoutHangUp();
        // no hang-up reached the caller: only its peer-loss watchdog can end the call (the wait is a limit)
        assertEquals(CallState.EndReason.PEER_LOST, pair.caller().ended().get(8, TimeUnit.SECONDS));
        assertEquals(CallState.ENDED, pair.caller().state());
    }

    @Test
    void mutingAndCameraOffKeepTheCallUp() throws Exception {
        CallOptions videoOnly = synthetic(150).toBuilder().audio(false).build();
        start(videoOnly, videoOnly);
        pair.caller().setMicrophoneMuted(true);
        pair.caller().setVideoEnabled(false);
        // A black frame at the callee: the pump has switched to its keep-alive, so no source frame follows.
        awaitBlackFrames(1);
        long pushed = pair.caller().framesPushed();
        // The keep-alive goes out once a second: five more black frames span at least four seconds, longer
        // than the 3 s peer-loss timeout, with nothing but them (and no audio) reaching the callee.
        awaitBlackFrames(5);
        assertEquals(pushed, pair.caller().framesPushed(), "source frames pushed while the camera is off");
        assertEquals(CallState.CONNECTED, pair.callee().state());
        assertEquals(CallState.CONNECTED, pair.caller().state());
        pair.caller().setVideoEnabled(true);
        Await.until("video resumes", TEN_SECONDS, () -> pair.caller().framesPushed() > pushed);
    }

    /** Waits until the callee has decoded {@code count} more black frames (the camera-off keep-alive). */
    private void awaitBlackFrames(int count) throws InterruptedException {
        int seen = 0;
        long deadline = System.nanoTime() + TEN_SECONDS.toNanos() + count * 1_500_000_000L;
        while (seen < count) {
            long left = deadline - System.nanoTime();
            Optional<I420Frame> f = pair.callee().receivedFrames().poll(Math.max(1, left), TimeUnit.NANOSECONDS);
            if (f.isEmpty()) {
                // What libwebrtc itself counted tells "never sent" from "sent but not decoded or delivered".
                // On a heavily loaded box the caller sent nothing after the camera went off (framesSent
                // stayed where it was; stop 30's note): a known problem, not fixed.
                throw new AssertionError("the callee decoded " + seen + " of " + count
                        + " black keep-alive frames; callee frames delivered "
                        + pair.callee().framesReceived()
                        + ", caller stats "
                        + pair.caller().lastStats().map(Object::toString).orElse("none")
                        + ", callee stats "
                        + pair.callee().lastStats().map(Object::toString).orElse("none"));
            }
            if (meanLuma(f.get()) < 24) {
                seen++;
            }
        }
    }

    /** The synthetic source's picture averages about 100; the keep-alive frame is 16 (black). */
    private static double meanLuma(I420Frame frame) {
        long sum = 0;
        int n = frame.width() * frame.height();
        byte[] y = frame.y();
        for (int i = 0; i < n; i++) {
            sum += y[i] & 0xff;
        }
        return (double) sum / n;
    }

    @Test
    void closedCallsLeaveNoNativeThreadsBehind() throws Exception {
        // One call first, so libwebrtc's long-lived per-factory threads already exist.
        start(synthetic(150), synthetic(150)).close();
        Threads.assertNoEngineThreads();
        int before = Threads.processThreads();
        org.junit.jupiter.api.Assumptions.assumeTrue(before > 0, "needs /proc");
        for (int i = 0; i < 3; i++) {
            start(synthetic(150), synthetic(150)).close();
        }
        pair = null;
        Threads.assertNoEngineThreads();
        Await.until(
                "the process is back to the " + before + " threads it had before three calls",
                Duration.ofSeconds(3),
                () -> Threads.processThreads() <= before);
    }

    @Test
    void closedCallRefusesNothingButStaysEnded() throws Exception {
        start(synthetic(150), synthetic(150));
        pair.caller().close();
        pair.caller().close();
        assertEquals(CallState.ENDED, pair.caller().state());
        pair.caller().setMaxBitrateKbps(200);
        pair.caller().deliver(new CallSignal.HangUp(""));
        assertFalse(pair.caller().receivedFrames().offer(I420Frame.blank(16, 16)), "queue open after close");
    }
}
