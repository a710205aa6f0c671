package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.SignalMessage.Accept;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.client.ConnectionState;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.testing.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats, dead peers and resumption. The fixture uses 300 ms heartbeats, a 1.5 s timeout and a 1 s resume
 * grace, so "a few seconds" in production (2 s / 6 s / 4 s) is two to three seconds here.
 */
class LivenessTest {
    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);
    private SignalingFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture();
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    /** Alice (a real client) calls Bob (a raw socket that does whatever the test wants). */
    private String callRawBob(SignalingFixture.Connected alice, RawSocket bob) throws Exception {
        String callId = alice.client().invite("bob");
        bob.next(Invite.class);
        bob.send(new Accept(callId));
        bob.next(CallAccepted.class);
        alice.events().next(CallAccepted.class);
        return callId;
    }

    @Test
    void peerThatStopsHeartbeatsIsClosedForItAndItsCallEndsAfterTheResumeGrace() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        RawSocket bob = f.rawAs("bob"); // sends no pings
        String callId = callRawBob(alice, bob);
        // first the server closes bob's socket for his missing heartbeats, with the call still up ...
        assertEquals(SignalingHub.CLOSE_HEARTBEAT_TIMEOUT, bob.awaitClose(FEW_SECONDS));
        assertEquals(1, f.server.callCount(), "the call ended before bob's resume grace");
        // ... then, bob not coming back within his resume grace, alice hears that he is lost
        assertEquals(
                new CallEnded(callId, EndReason.PEER_LOST, "bob"),
                alice.events().next(CallEnded.class, FEW_SECONDS));
        assertEquals(0, f.server.callCount());
    }

    @Test
    void killedSocketEndsTheCallOnTheOtherSideAfterTheResumeGrace() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        RawSocket bob = f.rawAs("bob");
        String callId = callRawBob(alice, bob);
        bob.kill();
        assertEquals(
                new CallEnded(callId, EndReason.PEER_LOST, "bob"),
                alice.events().next(CallEnded.class, FEW_SECONDS));
    }

    @Test
    void resumeWithinTheGraceKeepsTheCallAndDeliversWhatWasQueued() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        RawSocket bob = f.raw();
        bob.send(new Hello(f.token("bob"), null, false, "raw"));
        Welcome first = bob.next(Welcome.class);
        String callId = callRawBob(alice, bob);
        bob.kill();
        // Messages already in flight to a dying socket are lost; once the server knows it is gone, it queues.
        Await.until("the server notices bob's dead socket", FEW_SECONDS, () -> f.server.connectionCount() <= 1);
        alice.client().sendOffer(callId, "v=0 sent while bob was away");

        RawSocket again = f.raw();
        again.send(new Hello(f.token("bob"), first.sessionId(), false, "raw"));
        Welcome w = again.next(Welcome.class);
        assertTrue(w.resumed());
        assertEquals(first.sessionId(), w.sessionId());
        assertEquals(List.of(callId), w.calls());
        assertEquals("v=0 sent while bob was away", again.next(Offer.class).sdp());
        alice.events().none(CallEnded.class, Duration.ofMillis(1200));
        assertEquals(1, f.server.callCount());
    }

    @Test
    void clientResumesItsSessionAfterTheConnectionDropsAndTheCallSurvives() throws Exception {
        try (TcpProxy proxy = new TcpProxy(f.server.port())) {
            SignalingFixture.ProxiedCall call =
                    f.callThroughProxy(proxy, b -> b.reconnect(true, Duration.ofSeconds(5)));
            SignalingFixture.Connected alice = call.alice();
            SignalingClient bob = call.bob();
            Events bobEvents = call.bobEvents();
            String callId = call.callId();

            proxy.cut();
            bobEvents.nextState(ConnectionState.RECONNECTING, FEW_SECONDS);
            bobEvents.nextState(ConnectionState.CONNECTED, FEW_SECONDS);
            assertTrue(bob.welcome().orElseThrow().resumed());
            assertEquals(java.util.Set.of(callId), bob.calls());

            alice.client().sendOffer(callId, "v=0 after resume");
            assertEquals("v=0 after resume", bobEvents.next(Offer.class).sdp());
            alice.events().none(CallEnded.class, Duration.ofMillis(300));
        }
    }

    @Test
    void clientComesBackToARestartedServerWithANewSessionAndReportsItsCallLost() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        Events bobEvents = new Events();
        SignalingClient bob = f.track(f.client("bob", bobEvents)
                .reconnect(true, Duration.ofSeconds(10))
                .build());
        bob.connect();
        String callId = alice.client().invite("bob");
        bobEvents.next(Invite.class);
        bob.accept(callId);
        bobEvents.next(CallAccepted.class);

        int port = f.server.port();
        f.server.close();
        bobEvents.nextState(ConnectionState.RECONNECTING, FEW_SECONDS);
        try (SignalingServer restarted =
                new SignalingServer(SignalingServerOptions.builder(f.db, SignalingFixture.SIGNER)
                        .port(port)
                        .build())) {
            restarted.start();
            bobEvents.nextState(ConnectionState.CONNECTED, Duration.ofSeconds(10));
            assertFalse(bob.welcome().orElseThrow().resumed());
            assertEquals(new CallEnded(callId, EndReason.CONNECTION_LOST, null), bobEvents.next(CallEnded.class));
            assertTrue(restarted.sessionCount() >= 1);
        }
    }

    @Test
    void clientNoticesASilentServerAndReportsItsCallLostWhenItCannotResume() throws Exception {
        try (TcpProxy proxy = new TcpProxy(f.server.port())) {
            SignalingFixture.ProxiedCall call = f.callThroughProxy(
                    proxy, b -> b.connectTimeout(Duration.ofMillis(300)).reconnect(true, Duration.ofMillis(1500)));
            SignalingFixture.Connected alice = call.alice();
            SignalingClient bob = call.bob();
            Events bobEvents = call.bobEvents();
            String callId = call.callId();

            proxy.freeze(true);
            bobEvents.nextState(ConnectionState.RECONNECTING, FEW_SECONDS);
            assertEquals(
                    EndReason.PEER_LOST,
                    alice.events().next(CallEnded.class, FEW_SECONDS).reason());
            CallEnded mine = bobEvents.next(CallEnded.class, FEW_SECONDS);
            assertEquals(new CallEnded(callId, EndReason.CONNECTION_LOST, null), mine);
            bobEvents.nextState(ConnectionState.CLOSED, FEW_SECONDS);
            assertFalse(bob.calls().contains(callId));
        }
    }

    @Test
    void shuttingDownClosesEveryConnectionAsGoingAway() throws Exception {
        RawSocket alice = f.rawAs("alice");
        f.server.close();
        assertEquals(SignalingHub.CLOSE_GOING_AWAY, alice.awaitClose(FEW_SECONDS));
    }
}
