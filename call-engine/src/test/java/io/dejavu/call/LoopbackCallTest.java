package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.loopback.CallPair;
import io.dejavu.call.loopback.DirectSignaling;
import io.dejavu.protocol.video.I420Frame;
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

/** Real libwebrtc peer connections over loopback (host candidates only), signals passed in-process. */
@ExtendWith(SharedRuntime.class)
class LoopbackCallTest {
    private static final FrameSize SMALL = new FrameSize(320, 180);

    private final MediaRuntime runtime;
    private CallPair pair;

    LoopbackCallTest(MediaRuntime runtime) {
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
        Thread.sleep(2500);
        assertFalse(callerStats.isEmpty(), "no stats in 2.5 s");
        CallStats last = callerStats.get(callerStats.size() - 1);
        assertEquals("video/VP8", last.sendCodec());
        assertTrue(last.sendKbps() > 10, "caller sends " + last.sendKbps() + " kbps");
        assertTrue(last.receiveKbps() > 10, "caller receives " + last.receiveKbps() + " kbps");
        assertTrue(last.fpsDecoded() > 5, "caller decodes " + last.fpsDecoded() + " fps");
        assertEquals(320, last.receiveWidth());
        assertTrue(
                pair.callee().framesReceived() > 20,
                "callee got " + pair.callee().framesReceived() + " frames");
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
        Thread.sleep(1500);
        pair.callee().restartQualityMeasurement();
        long bytes0 = pair.callee().lastStats().orElseThrow().videoBytesReceived();
        long t0 = pair.callee().lastStats().orElseThrow().elapsedMillis();
        Thread.sleep(4000);
        CallStats s = pair.callee().lastStats().orElseThrow();
        double kbps = (s.videoBytesReceived() - bytes0) * 8.0 / (s.elapsedMillis() - t0);
        double psnr = pair.callee().meanPsnrY();
        assertTrue(kbps > 60 && kbps < 150 * 1.25, "received " + kbps + " kbps at a 150 kbps cap");
        assertTrue(
                pair.callee().pairedFrames() > 40,
                "paired only " + pair.callee().pairedFrames() + " frames");
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
            Thread.sleep(3000);
            double psnr = pair.callee().meanPsnrY();
            assertTrue(
                    pair.callee().pairedFrames() > 30,
                    "paired only " + pair.callee().pairedFrames());
            assertTrue(psnr > 26 && psnr < 60, "PSNR-Y " + psnr + " against the re-decoded file");
        }
    }

    @Test
    void raisingTheCapRaisesTheRate() throws Exception {
        start(synthetic(80), synthetic(80));
        Thread.sleep(2500);
        double low = pair.callee().lastStats().orElseThrow().receiveKbps();
        pair.caller().setMaxBitrateKbps(600);
        Thread.sleep(3500);
        double high = pair.callee().lastStats().orElseThrow().receiveKbps();
        assertTrue(low < 80 * 1.3, "capped at 80 kbps but received " + low);
        assertTrue(high > low * 1.5, "raising the cap to 600 kbps moved the rate only from " + low + " to " + high);
    }

    @Test
    void preferredCodecIsNegotiated() throws Exception {
        CallOptions h264 = synthetic(300).toBuilder().codec(VideoCodec.H264).build();
        start(h264, h264);
        Thread.sleep(2200);
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
    void peerThatVanishesEndsTheCallWithinSeconds() throws Exception {
        start(synthetic(150), synthetic(150));
        long t0 = System.nanoTime();
        pair.callee().dropWithoutHangUp();
        assertEquals(CallState.EndReason.PEER_LOST, pair.caller().ended().get(8, TimeUnit.SECONDS));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 6000, "peer loss noticed after " + ms + " ms");
    }

    @Test
    void mutingAndCameraOffKeepTheCallUp() throws Exception {
        CallOptions videoOnly = synthetic(150).toBuilder().audio(false).build();
        start(videoOnly, videoOnly);
        pair.caller().setMicrophoneMuted(true);
        pair.caller().setVideoEnabled(false);
        Thread.sleep(1000);
        long pushed = pair.caller().framesPushed();
        // Longer than the peer-loss timeout: the black keep-alive frames and silent audio keep it up.
        Thread.sleep(4000);
        assertEquals(pushed, pair.caller().framesPushed(), "source frames pushed while the camera is off");
        assertEquals(CallState.CONNECTED, pair.callee().state());
        pair.caller().setVideoEnabled(true);
        Thread.sleep(500);
        assertTrue(pair.caller().framesPushed() > pushed, "video did not resume");
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
        long deadline = System.nanoTime() + 3_000_000_000L;
        int after = Threads.processThreads();
        while (after > before && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = Threads.processThreads();
        }
        assertTrue(after <= before, "process had " + before + " threads before three calls and " + after + " after");
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
