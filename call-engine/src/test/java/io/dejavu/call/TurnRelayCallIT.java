package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.signaling.CallHandle;
import io.dejavu.call.signaling.SignalingCalls;
import io.dejavu.protocol.signaling.IceServer;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.signaling.TurnCredentials;
import io.dejavu.testing.Await;
import io.dejavu.testing.SampleFootage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Calls forced through a real coturn: relay-only ICE on both peers, TURN credentials minted by a real signaling
 * server from the secret coturn was started with (ADR 0307), real libwebrtc. An integration test (Failsafe).
 */
@ExtendWith(SharedRuntime.class)
class TurnRelayCallIT {
    private static final String SECRET = "turn-it-secret-" + Long.toHexString(new SecureRandom().nextLong());

    private final MediaRuntime runtime;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Coturn coturn;
    private SignalingServer server;
    private SignalingCalls aliceCalls;
    private SignalingCalls bobCalls;
    private final AtomicReference<CallOptions> calleeOptions = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<CallHandle>> incoming = new AtomicReference<>();

    TurnRelayCallIT(MediaRuntime runtime) {
        this.runtime = runtime;
    }

    @BeforeEach
    void start() throws Exception {
        Path dir = SampleFootage.tempDir("turn-relay");
        coturn = track(Coturn.start(dir.resolve("coturn"), SECRET));
        byte[] ticketSecret = new byte[32];
        new SecureRandom().nextBytes(ticketSecret);
        server = track(new SignalingServer(
                SignalingServerOptions.builder(dir.resolve("users.db"), new TicketSigner(ticketSecret))
                        .port(0)
                        .turn(new TurnCredentials(
                                List.of(coturn.url()),
                                SECRET.getBytes(StandardCharsets.UTF_8),
                                Duration.ofMinutes(10),
                                Clock.systemUTC()))
                        .build()));
        server.start();
        SignalingClient alice =
                track(SignalingClient.builder(server.uri(), server.users().addUser("alice"))
                        .build());
        SignalingClient bob =
                track(SignalingClient.builder(server.uri(), server.users().addUser("bob"))
                        .build());
        alice.connect();
        bob.connect();
        aliceCalls = track(new SignalingCalls(runtime, alice));
        bobCalls = track(new SignalingCalls(runtime, bob));
        bob.addListener(new SignalingListener() {
            @Override
            public void onInvite(SignalMessage.Invite invite) {
                try {
                    incoming.get().complete(bobCalls.accept(invite, calleeOptions.get()));
                } catch (MediaException | RuntimeException e) {
                    incoming.get().completeExceptionally(e);
                }
            }
        });
    }

    private <T extends AutoCloseable> T track(T closeable) {
        opened.add(0, closeable);
        return closeable;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        assertEquals(0, runtime.openCalls());
        Threads.assertNoEngineThreads();
    }

    private static CallOptions.Builder relayOnly() {
        return CallOptions.builder()
                .video(VideoSourceSpec.synthetic(new FrameSize(320, 180), 15))
                .maxBitrateKbps(200)
                .audio(false)
                .relayOnly(true);
    }

    /** Alice calls Bob; both handles once the call is accepted. */
    private CallHandle[] call(CallOptions caller, CallOptions callee) throws Exception {
        CompletableFuture<CallHandle> in = new CompletableFuture<>();
        incoming.set(in);
        calleeOptions.set(callee);
        CallHandle out = aliceCalls.invite("bob", caller).get(10, TimeUnit.SECONDS);
        return new CallHandle[] {out, in.get(10, TimeUnit.SECONDS)};
    }

    @Test
    void relayOnlyCallWithMintedCredentialsCarriesVideoThroughCoturn() throws Exception {
        CallHandle[] pair = call(relayOnly().build(), relayOnly().build());
        Call caller = pair[0].call();
        Call callee = pair[1].call();
        caller.awaitConnected(Duration.ofSeconds(15));
        callee.awaitConnected(Duration.ofSeconds(15));
        assertTrue(callee.receivedFrames().poll(10, TimeUnit.SECONDS).isPresent(), "callee got no frame");
        assertTrue(caller.receivedFrames().poll(10, TimeUnit.SECONDS).isPresent(), "caller got no frame");
        Await.until(
                "libwebrtc names the selected pair",
                Duration.ofSeconds(10),
                () -> caller.iceRoute().isPresent() && callee.iceRoute().isPresent());
        for (Call c : List.of(caller, callee)) {
            IceRoute route = c.iceRoute().orElseThrow();
            assertEquals("relay", route.localType(), c.role() + " " + route);
            assertEquals("relay", route.remoteType(), c.role() + " " + route);
        }
        // coturn's own account: both allocations made and bound to a channel for the peer's relay address
        String log = coturn.log();
        for (String user : List.of("alice", "bob")) {
            for (String step : List.of("ALLOCATE", "CHANNEL_BIND")) {
                assertTrue(
                        log.matches(
                                "(?s).*user <\\d+:" + user + ">: incoming packet " + step + " processed, success.*"),
                        user + " " + step + " missing from coturn's log:\n" + log);
            }
        }
    }

    /**
     * coturn checks a credential's expiry when a session authenticates, then keeps the session's key: the call goes
     * on past the expiry, and the allocation's next REFRESH (here the one that frees it at hang-up) still succeeds.
     */
    @Test
    void relayedCallOutlivesItsCredentials() throws Exception {
        TurnCredentials turn = new TurnCredentials(
                List.of(coturn.url()),
                SECRET.getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(10),
                Clock.systemUTC());
        Instant expiry = Instant.now().plusSeconds(10);
        IceServer forAlice = turn.mint("alice", expiry);
        CallHandle[] pair = call(
                relayOnly().iceServers(List.of(forAlice)).build(),
                relayOnly().iceServers(List.of(turn.mint("bob", expiry))).build());
        Call caller = pair[0].call();
        Call callee = pair[1].call();
        caller.awaitConnected(Duration.ofSeconds(8));
        callee.awaitConnected(Duration.ofSeconds(8));
        Await.until("the credentials expire", Duration.ofSeconds(30), () -> Instant.now()
                .isAfter(expiry.plusSeconds(1)));
        long frames = callee.framesReceived();
        Await.until(
                "video still flows after the expiry",
                Duration.ofSeconds(10),
                () -> callee.framesReceived() > frames + 10);
        assertEquals(CallState.CONNECTED, caller.state());
        assertTrue(caller.iceRoute().orElseThrow().relayed(), caller.iceRoute().toString());

        String refreshed = "user <" + forAlice.username() + ">: incoming packet REFRESH processed, success";
        int before = count(coturn.log(), refreshed);
        caller.hangUp();
        Await.until(
                "coturn accepts the expired session's REFRESH",
                Duration.ofSeconds(10),
                () -> count(coturn.log(), refreshed) > before);
        assertFalse(
                coturn.log().contains("user <" + forAlice.username() + ">: incoming packet REFRESH processed, error"));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void relayOnlyCallWithExpiredCredentialsNeverConnects() throws Exception {
        TurnCredentials turn = new TurnCredentials(
                List.of(coturn.url()),
                SECRET.getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(10),
                Clock.systemUTC());
        Instant past = Instant.now().minusSeconds(60);
        assertFailsToConnect(turn.mint("alice", past), turn.mint("bob", past));
    }

    @Test
    void relayOnlyCallWithCredentialsFromAnotherSecretNeverConnects() throws Exception {
        TurnCredentials wrong = new TurnCredentials(
                List.of(coturn.url()),
                "not-the-secret-coturn-has".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(10),
                Clock.systemUTC());
        assertFailsToConnect(wrong.mint("alice"), wrong.mint("bob"));
    }

    private void assertFailsToConnect(IceServer forAlice, IceServer forBob) throws Exception {
        CallHandle[] pair = call(
                relayOnly()
                        .iceServers(List.of(forAlice))
                        .connectTimeout(Duration.ofSeconds(5))
                        .build(),
                relayOnly()
                        .iceServers(List.of(forBob))
                        .connectTimeout(Duration.ofSeconds(5))
                        .build());
        // Whichever side gives up first ends the call as FAILED; the other may hear its hang-up first.
        CallState.EndReason caller = pair[0].call().ended().get(20, TimeUnit.SECONDS);
        CallState.EndReason callee = pair[1].call().ended().get(20, TimeUnit.SECONDS);
        assertTrue(
                caller == CallState.EndReason.FAILED || callee == CallState.EndReason.FAILED,
                "caller " + caller + ", callee " + callee);
        for (CallHandle h : pair) {
            assertEquals(-1, h.call().setupMillis(), h.call() + " connected");
            assertTrue(h.call().iceRoute().isEmpty(), h.call().toString());
        }
        for (IceServer s : List.of(forAlice, forBob)) {
            String refused = "user <" + s.username() + ">: incoming packet message processed, error 401";
            Await.until("coturn refuses " + s.username(), Duration.ofSeconds(5), () -> coturn.log()
                    .contains(refused));
        }
        assertFalse(coturn.log().contains("ALLOCATE processed, success"), coturn.log());
    }
}
