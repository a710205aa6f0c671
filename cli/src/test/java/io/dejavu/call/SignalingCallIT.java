package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.loopback.CallPair;
import io.dejavu.cli.call.ServerSignaling;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.Await;
import io.dejavu.testing.SampleFootage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Calls set up through a real signaling server on a random loopback port, real WebSocket clients: an
 * integration test (Failsafe), every test places a real libwebrtc call. It lives in the cli module
 * beside {@link ServerSignaling}, which embeds the server, and in the call engine's package for
 * {@code Call}'s package-private test hooks (ADR 0002).
 */
@ExtendWith(SharedRuntime.class)
class SignalingCallIT {
    private final MediaRuntime runtime;
    private ServerSignaling signaling;
    private CallPair pair;

    SignalingCallIT(MediaRuntime runtime) {
        this.runtime = runtime;
    }

    @BeforeEach
    void startServer() throws Exception {
        signaling = ServerSignaling.start(runtime, SampleFootage.tempDir("signaling-call"));
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        if (pair != null) {
            pair.close();
        }
        signaling.close();
        assertEquals(0, runtime.openCalls());
        Threads.assertNoEngineThreads();
    }

    private static CallOptions options() {
        return CallOptions.builder()
                .video(VideoSourceSpec.synthetic(new FrameSize(320, 180), 15))
                .maxBitrateKbps(200)
                .build();
    }

    private void connect() throws Exception {
        pair = signaling.start(runtime, options(), options());
        pair.caller().awaitConnected(Duration.ofSeconds(10));
        pair.callee().awaitConnected(Duration.ofSeconds(10));
    }

    @Test
    void callThroughTheServerCarriesVideoBothWays() throws Exception {
        connect();
        assertTrue(pair.callee().receivedFrames().poll(5, TimeUnit.SECONDS).isPresent(), "callee got no frame");
        assertTrue(pair.caller().receivedFrames().poll(5, TimeUnit.SECONDS).isPresent(), "caller got no frame");
        assertEquals(1, signaling.server().callCount());
    }

    @Test
    void calleeHangUpReachesTheCallerThroughTheServer() throws Exception {
        connect();
        pair.callee().hangUp();
        assertEquals(CallState.EndReason.REMOTE_HANGUP, pair.caller().ended().get(5, TimeUnit.SECONDS));
    }

    @Test
    void callerHangUpReachesTheCalleeThroughTheServer() throws Exception {
        connect();
        pair.caller().hangUp();
        assertEquals(CallState.EndReason.REMOTE_HANGUP, pair.callee().ended().get(5, TimeUnit.SECONDS));
    }

    @Test
    void peerWhoseProcessDiesEndsTheCallForTheCallerAndTheServer() throws Exception {
        connect();
        // As in a crash: media stops with no hang-up and the signaling connection drops.
        pair.callee().dropWithoutHangUp();
        signaling.calleeClient().close();
        CallState.EndReason reason = pair.caller().ended().get(8, TimeUnit.SECONDS);
        assertFalse(reason == CallState.EndReason.LOCAL_HANGUP, "ended as " + reason);
        Await.until(
                "the server forgets the call",
                Duration.ofSeconds(10),
                () -> signaling.server().callCount() == 0);
    }

    @Test
    void peerWhoseMediaStopsIsDroppedEvenWhileSignalingLives() throws Exception {
        connect();
        pair.callee().dropWithoutHangUp();
        assertEquals(CallState.EndReason.PEER_LOST, pair.caller().ended().get(7, TimeUnit.SECONDS));
    }
}
