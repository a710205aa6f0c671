package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.Answer;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.IceCandidate;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Presence;
import io.dejavu.protocol.signaling.SignalMessage.Ringing;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.client.ConnectionState;
import io.dejavu.protocol.ticket.CallTicket;
import io.dejavu.signaling.SignalingFixture.Connected;
import io.dejavu.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Signaling nodes sharing one real redis-server (ADR 0306): users on different nodes see each other, call each
 * other and exchange SDP and ICE; a client whose node dies resumes its session and its call on another node.
 */
class ClusterTest {
    @Test
    void usersOnDifferentNodesSeeEachOther() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            Connected alice = cluster.connect("alice", 0, true);
            Connected bob = cluster.connect("bob", 1, true);
            assertEquals(List.of("alice"), bob.client().welcome().orElseThrow().online());
            Presence seen = alice.events().next(Presence.class);
            assertEquals(List.of("bob"), seen.online());

            bob.client().close();
            Presence gone = alice.events().next(Presence.class);
            assertEquals(List.of("bob"), gone.offline());
        }
    }

    @Test
    void callAcrossNodesRingsRelaysAndEnds() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(3)) {
            Connected alice = cluster.connect("alice", 0, false);
            Connected bob = cluster.connect("bob", 1, false);

            String callId = alice.client().invite("bob");
            Invite invite = bob.events().next(Invite.class);
            assertEquals("alice", invite.from());
            assertEquals("bob", alice.events().next(Ringing.class).to());

            bob.client().accept(callId);
            CallAccepted forAlice = alice.events().next(CallAccepted.class);
            assertTrue(forAlice.caller());
            assertEquals("bob", forAlice.peer());
            bob.events().next(CallAccepted.class);
            // A third node, which holds neither party, knows from Redis that the ticket's call runs.
            assertEquals(204, status(cluster.node(2), callId, forAlice.ticket()));

            alice.client().sendOffer(callId, "v=0 offer from alice");
            assertEquals("v=0 offer from alice", bob.events().next(Offer.class).sdp());
            bob.client().sendAnswer(callId, "v=0 answer from bob");
            assertEquals(
                    "v=0 answer from bob", alice.events().next(Answer.class).sdp());
            bob.client().sendIceCandidate(callId, "0", 0, "candidate:1 1 udp 1 127.0.0.1 9 typ host");
            assertEquals("bob", alice.events().next(IceCandidate.class).from());

            alice.client().hangUp(callId);
            CallEnded ended = bob.events().next(CallEnded.class);
            assertEquals(EndReason.HUNG_UP, ended.reason());
            assertEquals(410, status(cluster.node(2), callId, forAlice.ticket()));
        }
    }

    @Test
    void aNewLoginOnAnotherNodeReplacesTheOldSessionAndTakesTheCalls() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            Connected first = cluster.connect("alice", 0, false);
            Connected bob = cluster.connect("bob", 0, false);
            Connected second = cluster.connect("alice", 1, false);

            ErrorMessage replaced = first.events().next(ErrorMessage.class);
            assertEquals(ErrorCode.SESSION_REPLACED, replaced.code());
            // Bob's invite now rings the new session, on the other node.
            String callId = bob.client().invite("alice");
            assertEquals(callId, second.events().next(Invite.class).callId());
            first.events().none(Invite.class, Duration.ofMillis(300));
        }
    }

    @Test
    void aBlockOnOneNodeHidesAndRefusesOnTheOther() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            Connected alice = cluster.connect("alice", 0, true);
            Connected bob = cluster.connect("bob", 1, true);
            alice.events().next(Presence.class);

            alice.client().block("bob");
            assertEquals(List.of("alice"), offline(bob.events(), "alice").offline());
            String callId = bob.client().invite("alice");
            CallEnded ended = bob.events().next(CallEnded.class);
            assertEquals(callId, ended.callId());
            assertEquals(EndReason.OFFLINE, ended.reason());
            alice.events().none(Invite.class, Duration.ofMillis(300));
        }
    }

    @Test
    void inviteToSomeoneOnlineNowhereEndsOffline() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            cluster.token("carol");
            Connected alice = cluster.connect("alice", 0, false);
            String callId = alice.client().invite("carol");
            CallEnded ended = alice.events().next(CallEnded.class);
            assertEquals(callId, ended.callId());
            assertEquals(EndReason.OFFLINE, ended.reason());
        }
    }

    @Test
    void clientOfAKilledNodeResumesItsSessionAndCallOnAnother() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(3)) {
            Connected alice = cluster.connect("alice", 0, false, 1);
            Connected bob = cluster.connect("bob", 2, false);
            String session = alice.client().welcome().orElseThrow().sessionId();
            String callId = alice.client().invite("bob");
            bob.events().next(Invite.class);
            bob.client().accept(callId);
            alice.events().next(CallAccepted.class);

            cluster.node(0).close();

            alice.events().nextState(ConnectionState.RECONNECTING, Duration.ofSeconds(5));
            alice.events().nextState(ConnectionState.CONNECTED, Duration.ofSeconds(10));
            Welcome back = alice.client().welcome().orElseThrow();
            assertTrue(back.resumed(), "resumed on the second node");
            assertEquals(session, back.sessionId());
            assertEquals(List.of(callId), back.calls());

            // The call goes on between the second and third node.
            alice.client().sendIceCandidate(callId, "0", 0, "candidate:2 1 udp 1 127.0.0.1 10 typ host");
            IceCandidate ice = bob.events().next(IceCandidate.class);
            assertEquals("alice", ice.from());
            bob.client().sendOffer(callId, "v=0 ice restart");
            assertEquals("v=0 ice restart", alice.events().next(Offer.class).sdp());
            // Past the dead node's resume grace nothing ended the resumed call.
            bob.events().none(CallEnded.class, Duration.ofSeconds(4));
            bob.client().hangUp(callId);
            assertEquals(EndReason.HUNG_UP, alice.events().next(CallEnded.class).reason());
        }
    }

    /**
     * A stopping node says it is going away (1001): each of its clients takes one of the other nodes at random, so
     * they spread over the survivors rather than all landing on the next URL of their lists (ADR 0306).
     */
    @Test
    void clientsOfAStoppedNodeSpreadOverTheSurvivors() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(3)) {
            int n = 16;
            List<Connected> clients = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                clients.add(cluster.connect("spread" + i, 0, false, 1, 2));
            }

            cluster.node(0).close();

            Await.until(
                    "every client of the stopped node back on another one",
                    Duration.ofSeconds(20),
                    () -> cluster.node(1).sessionCount() + cluster.node(2).sessionCount() == n
                            && clients.stream().allMatch(c -> c.client().state() == ConnectionState.CONNECTED));
            for (Connected c : clients) {
                assertTrue(c.client().welcome().orElseThrow().resumed(), "resumed, not signed in anew");
            }
            // All 16 on one node by chance: 2 in 65,536. Before, all took node 1, the next in their lists.
            assertTrue(cluster.node(1).sessionCount() > 0, "some on node 1");
            assertTrue(cluster.node(2).sessionCount() > 0, "some on node 2");
        }
    }

    /**
     * A node process killed with SIGKILL: no close frames, no goodbye to Redis. Its client with a fallback resumes
     * its session and call on the other node; its client without one is reaped once the dead node's heartbeat key
     * expired and the grace passed.
     */
    @Test
    void aNodeKilledWithSigkillLosesNothingItsClientsTakeElsewhere() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(1)) {
            String javaBin =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process victim = new ProcessBuilder(
                            javaBin,
                            "-cp",
                            System.getProperty("java.class.path"),
                            ClusterNodeMain.class.getName(),
                            cluster.db.toString(),
                            cluster.redis.uri().toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8));
                CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                URI dying = URI.create(line.get(60, TimeUnit.SECONDS));

                Connected bob = cluster.connect("bob", 0, true);
                Events bobPresence = new Events();
                bob.client().addListener(bobPresence);
                Connected alice =
                        cluster.connectTo("alice", dying, false, cluster.node(0).uri());
                cluster.connectTo("carol", dying, false);
                String session = alice.client().welcome().orElseThrow().sessionId();
                String callId = alice.client().invite("bob");
                bob.events().next(Invite.class);
                bob.client().accept(callId);
                alice.events().next(CallAccepted.class);

                victim.destroyForcibly();
                assertTrue(victim.waitFor(10, TimeUnit.SECONDS));

                alice.events().nextState(ConnectionState.RECONNECTING, Duration.ofSeconds(10));
                alice.events().nextState(ConnectionState.CONNECTED, Duration.ofSeconds(10));
                Welcome back = alice.client().welcome().orElseThrow();
                assertTrue(back.resumed());
                assertEquals(session, back.sessionId());
                assertEquals(List.of(callId), back.calls());
                alice.client().sendOffer(callId, "v=0 after sigkill");
                assertEquals("v=0 after sigkill", bob.events().next(Offer.class).sdp());

                // Carol had nowhere to go: after the key's expiry (3 s) and the grace (3 s) she is offline.
                assertEquals(
                        List.of("carol"),
                        offline(bobPresence, "carol", Duration.ofSeconds(20)).offline());
                bob.events().none(CallEnded.class, Duration.ofMillis(300));
            } finally {
                victim.destroyForcibly();
                victim.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void callOfAClientThatNeverComesBackEndsAfterTheGrace() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            Connected alice = cluster.connect("alice", 0, false);
            Connected bob = cluster.connect("bob", 1, true);
            // Presence and call_ended come in either order: each gets its own recorder.
            Events bobPresence = new Events();
            bob.client().addListener(bobPresence);
            String callId = alice.client().invite("bob");
            bob.events().next(Invite.class);
            bob.client().accept(callId);
            alice.events().next(CallAccepted.class);
            // Alice's client knows no other node: it tries the dead one until the grace is over.
            cluster.node(0).close();

            CallEnded ended = bob.events().next(CallEnded.class, Duration.ofSeconds(15));
            assertEquals(EndReason.PEER_LOST, ended.reason());
            assertEquals(List.of("alice"), offline(bobPresence, "alice").offline());
            assertFalse(cluster.node(1).callCount() > 0, "bob's node forgot the call");
        }
    }

    @Test
    void withRedisGoneEachNodeStillServesItsOwnUsers() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            Connected alice = cluster.connect("alice", 0, false);
            cluster.connect("bob", 1, false);
            cluster.token("carol");
            cluster.redis.close();

            // A sign-in on node 0 works without Redis, and a call between two of its users goes through.
            Connected carol = cluster.connect("carol", 0, false);
            String local = alice.client().invite("carol");
            carol.events().next(Invite.class);
            carol.client().accept(local);
            alice.events().next(CallAccepted.class);
            alice.client().hangUp(local);
            assertEquals(EndReason.HUNG_UP, carol.events().next(CallEnded.class).reason());

            // Bob, on the other node, cannot be reached: the invite ends offline instead of ringing.
            String remote = alice.client().invite("bob");
            CallEnded ended = alice.events().next(CallEnded.class);
            assertEquals(remote, ended.callId());
            assertEquals(EndReason.OFFLINE, ended.reason());
        }
    }

    /**
     * The next presence change that takes {@code user} offline. A sign-in just before another's may still reach
     * that other as a change (as on one node: the feed flushes every interval), so earlier ones only add users.
     */
    private static Presence offline(Events events, String user) {
        return offline(events, user, Events.WAIT);
    }

    private static Presence offline(Events events, String user, Duration wait) {
        Presence p = events.next(Presence.class, wait);
        while (!p.offline().contains(user)) {
            assertTrue(p.offline().isEmpty(), p.toString());
            p = events.next(Presence.class, wait);
        }
        return p;
    }

    private static int status(SignalingServer node, String callId, String ticket) throws Exception {
        URI base = node.uri();
        URI uri = URI.create("http://" + base.getHost() + ":" + base.getPort() + CallTicket.statusPath(callId));
        HttpResponse<Void> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Ticket " + ticket)
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        return r.statusCode();
    }
}
