package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.client.ConnectionState;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingException;
import io.dejavu.testing.Await;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClientLifecycleTest {
    private static Set<String> ourThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("signaling-") || n.startsWith("test-proxy"))
                .collect(Collectors.toSet());
    }

    private static void awaitNoThreads() {
        try {
            Await.until("the client's threads end", Duration.ofSeconds(5), () -> ourThreads()
                    .isEmpty());
        } catch (AssertionError e) {
            fail("the client's threads still run: " + ourThreads(), e);
        }
    }

    @Test
    void deliversEventsOnItsOwnNamedThread() throws Exception {
        try (SignalingFixture f = new SignalingFixture()) {
            SignalingFixture.Connected alice = f.connect("alice");
            SignalingFixture.Connected bob = f.connect("bob");
            alice.client().invite("bob");
            Events.Received r = bob.events().nextReceived(Invite.class, Events.WAIT);
            assertTrue(r.thread().startsWith("signaling-client-"), r.thread());
        }
    }

    @Test
    void listenerMayCallBackIntoTheClient() throws Exception {
        try (SignalingFixture f = new SignalingFixture()) {
            SignalingFixture.Connected alice = f.connect("alice");
            Events bobEvents = new Events();
            SignalingClient bob = f.track(f.client("bob", bobEvents).build());
            bob.addListener(new io.dejavu.protocol.signaling.client.SignalingListener() {
                @Override
                public void onInvite(Invite invite) {
                    bob.accept(invite.callId());
                }
            });
            bob.connect();
            String callId = alice.client().invite("bob");
            assertEquals(
                    callId,
                    alice.events()
                            .next(io.dejavu.protocol.signaling.SignalMessage.CallAccepted.class)
                            .callId());
        }
    }

    @Test
    void listenerThatThrowsStillGetsLaterEventsAndSoDoTheOthers() throws Exception {
        try (SignalingFixture f = new SignalingFixture()) {
            SignalingFixture.Connected alice = f.connect("alice");
            java.util.concurrent.atomic.AtomicInteger thrown = new java.util.concurrent.atomic.AtomicInteger();
            SignalingClient bob = f.track(SignalingClient.builder(f.server.uri(), f.token("bob"))
                    .listener(new io.dejavu.protocol.signaling.client.SignalingListener() {
                        @Override
                        public void onMessage(io.dejavu.protocol.signaling.SignalMessage message) {
                            thrown.incrementAndGet();
                            throw new IllegalStateException("listener bug");
                        }
                    })
                    .build());
            Events bobEvents = new Events();
            bob.addListener(bobEvents);
            bob.connect();
            String callId = alice.client().invite("bob");
            assertEquals(callId, bobEvents.next(Invite.class).callId());
            alice.client().cancel(callId);
            assertEquals(
                    callId,
                    bobEvents
                            .next(io.dejavu.protocol.signaling.SignalMessage.CallEnded.class)
                            .callId());
            assertTrue(thrown.get() >= 2, "the failing listener saw " + thrown.get() + " messages");
        }
    }

    @Test
    void refusesSendsAfterCloseAndConnectTwice() throws Exception {
        try (SignalingFixture f = new SignalingFixture()) {
            SignalingFixture.Connected alice = f.connect("alice");
            assertThrows(IllegalStateException.class, () -> alice.client().connect());
            alice.client().close();
            assertEquals(ConnectionState.CLOSED, alice.client().state());
            assertThrows(IllegalStateException.class, () -> alice.client().invite("bob"));
            alice.client().close(); // idempotent
        }
    }

    @Test
    void connectToADeadPortFailsWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (SignalingClient client = SignalingClient.builder(URI.create("ws://127.0.0.1:" + port + "/signal"), "t")
                .connectTimeout(Duration.ofMillis(500))
                .build()) {
            SignalingException e = assertThrows(SignalingException.class, client::connect);
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void closingEverythingLeavesNoSignalingThreadsBehind() throws Exception {
        try (SignalingFixture f = new SignalingFixture()) {
            SignalingFixture.Connected alice = f.connect("alice");
            SignalingFixture.Connected bob = f.connect("bob");
            String callId = alice.client().invite("bob");
            bob.events().next(Invite.class);
            bob.client().accept(callId);
            assertTrue(ourThreads().stream().anyMatch(n -> n.startsWith("signaling-client-")));
            assertTrue(ourThreads().contains("signaling-ticker"));
        }
        awaitNoThreads();
    }
}
