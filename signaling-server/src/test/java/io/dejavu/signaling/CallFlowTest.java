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
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.ticket.CallTicket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallFlowTest {
    private SignalingFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture(b -> b.ringTimeout(Duration.ofMillis(1500)));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    /** Alice invites Bob and Bob accepts; returns the call id. */
    private String establish(SignalingFixture.Connected alice, SignalingFixture.Connected bob) {
        String callId = alice.client().invite("bob");
        Invite invite = bob.events().next(Invite.class);
        assertEquals(new Invite(callId, "alice", "bob"), invite);
        assertEquals(new Ringing(callId, "bob"), alice.events().next(Ringing.class));
        bob.client().accept(callId);
        alice.events().next(CallAccepted.class);
        bob.events().next(CallAccepted.class);
        return callId;
    }

    @Test
    void welcomeNamesTheUserAndHandsOutConfiguredIceServers() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        Welcome w = alice.client().welcome().orElseThrow();
        assertEquals("alice", w.user());
        assertEquals(f.server.options().iceServers(), w.iceServers());
        assertEquals("turnpass", w.iceServers().get(1).credential());
        assertEquals(300, w.heartbeatIntervalMs());
    }

    @Test
    void acceptIssuesEachSideATicketNamingThePeerThatVerifiesWithTheSharedSecret() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        String callId = alice.client().invite("bob");
        bob.events().next(Invite.class);
        bob.client().accept(callId);
        CallAccepted forAlice = alice.events().next(CallAccepted.class);
        CallAccepted forBob = bob.events().next(CallAccepted.class);

        assertTrue(forAlice.caller());
        assertFalse(forBob.caller());
        assertEquals("bob", forAlice.peer());
        assertEquals("alice", forBob.peer());
        CallTicket aliceTicket = SignalingFixture.SIGNER.verify(forAlice.ticket(), Clock.systemUTC());
        CallTicket bobTicket = SignalingFixture.SIGNER.verify(forBob.ticket(), Clock.systemUTC());
        // Each bound to the key its holder's client sent in its hello (ADR 0305).
        assertEquals(
                new CallTicket(
                        callId,
                        "alice",
                        "bob",
                        forAlice.ticketExpiresAt(),
                        alice.client().ticketKey().thumbprint()),
                aliceTicket);
        assertEquals(
                new CallTicket(
                        callId,
                        "bob",
                        "alice",
                        forBob.ticketExpiresAt(),
                        bob.client().ticketKey().thumbprint()),
                bobTicket);
        Duration ttl = Duration.between(Instant.now(), aliceTicket.expiresAt());
        assertTrue(ttl.compareTo(Duration.ofMinutes(4)) > 0 && ttl.compareTo(Duration.ofMinutes(6)) < 0, ttl::toString);
    }

    @Test
    void aClientThatSentNoTicketKeyGetsATicketBoundToNoKey() throws Exception {
        try (RawSocket alice = f.rawAs("alice")) { // its hello names no ticket key
            SignalingFixture.Connected bob = f.connect("bob");
            alice.send(new Invite("call-unbound-0001", null, "bob"));
            bob.events().next(Invite.class);
            bob.client().accept("call-unbound-0001");

            CallAccepted forAlice = alice.next(CallAccepted.class);
            CallAccepted forBob = bob.events().next(CallAccepted.class);

            assertFalse(SignalingFixture.SIGNER
                    .verify(forAlice.ticket(), Clock.systemUTC())
                    .bound());
            assertEquals(
                    bob.client().ticketKey().thumbprint(),
                    SignalingFixture.SIGNER
                            .verify(forBob.ticket(), Clock.systemUTC())
                            .keyThumbprint());
        }
    }

    @Test
    void relaysOfferAnswerAndIceCandidatesBetweenThePartiesWithTheSenderNamed() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        String callId = establish(alice, bob);

        alice.client().sendOffer(callId, "v=0 offer");
        assertEquals(new Offer(callId, "alice", "v=0 offer"), bob.events().next(Offer.class));
        bob.client().sendAnswer(callId, "v=0 answer");
        assertEquals(new Answer(callId, "bob", "v=0 answer"), alice.events().next(Answer.class));
        bob.client().sendIceCandidate(callId, "0", 0, "candidate:1 1 udp 1 127.0.0.1 5000 typ host");
        assertEquals(
                new IceCandidate(callId, "bob", "0", 0, "candidate:1 1 udp 1 127.0.0.1 5000 typ host"),
                alice.events().next(IceCandidate.class));
        alice.client().sendIceCandidate(callId, "1", 1, "candidate:2 1 udp 1 127.0.0.1 5002 typ host");
        assertEquals("alice", bob.events().next(IceCandidate.class).from());
    }

    @Test
    void inviteToOfflineUserEndsAtOnceWithOffline() throws Exception {
        f.token("bob");
        SignalingFixture.Connected alice = f.connect("alice");
        String callId = alice.client().invite("bob");
        assertEquals(
                new CallEnded(callId, EndReason.OFFLINE, null), alice.events().next(CallEnded.class));
        assertEquals(0, f.server.callCount());
    }

    @Test
    void inviteToUnknownUserLooksLikeOfflineSoAccountsCannotBeProbed() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        String callId = alice.client().invite("nobody");
        assertEquals(EndReason.OFFLINE, alice.events().next(CallEnded.class).reason());
    }

    @Test
    void inviteToUserInAnotherCallEndsWithBusy() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        SignalingFixture.Connected carol = f.connect("carol");
        establish(alice, bob);
        String callId = carol.client().invite("bob");
        assertEquals(new CallEnded(callId, EndReason.BUSY, null), carol.events().next(CallEnded.class));
        bob.events().none(Invite.class, Duration.ofMillis(200));
    }

    @Test
    void userInACallCannotStartAnotherOne() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        f.connect("carol");
        establish(alice, bob);
        String second = alice.client().invite("carol");
        ErrorMessage e = alice.events().next(ErrorMessage.class);
        assertEquals(ErrorCode.INVALID_STATE, e.code());
        assertEquals(second, e.ref());
    }

    @Test
    void callingYourselfOrReusingACallIdIsABadRequest() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        alice.client().invite("alice");
        assertEquals(
                ErrorCode.BAD_REQUEST, alice.events().next(ErrorMessage.class).code());
        String callId = alice.client().invite("bob");
        bob.events().next(Invite.class);
        SignalingFixture.Connected carol = f.connect("carol");
        carol.client().send(new Invite(callId, null, "bob"));
        // carol reusing alice's call id is refused without touching that call
        ErrorMessage e = carol.events().next(ErrorMessage.class);
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals(callId, e.ref());
        assertEquals(1, f.server.callCount());
    }

    @Test
    void calleeSayingBusyEndsTheCallWithBusy() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        String callId = alice.client().invite("bob");
        bob.events().next(Invite.class);
        bob.client().busy(callId);
        assertEquals(
                new CallEnded(callId, EndReason.BUSY, "bob"), alice.events().next(CallEnded.class));
    }

    @Test
    void rejectEndsTheCallForTheCaller() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        String callId = alice.client().invite("bob");
        bob.events().next(Invite.class);
        bob.client().reject(callId);
        assertEquals(
                new CallEnded(callId, EndReason.REJECTED, "bob"), alice.events().next(CallEnded.class));
        assertEquals(0, f.server.callCount());
        // both are free again
        String again = alice.client().invite("bob");
        assertEquals(again, bob.events().next(Invite.class).callId());
    }

    @Test
    void cancelEndsTheRingingCallForTheCallee() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        String callId = alice.client().invite("bob");
        bob.events().next(Invite.class);
        alice.client().cancel(callId);
        assertEquals(
                new CallEnded(callId, EndReason.CANCELLED, "alice"),
                bob.events().next(CallEnded.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob"})
    void hangUpFromEitherSideEndsTheCallForTheOther(String who) throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        String callId = establish(alice, bob);
        SignalingFixture.Connected actor = who.equals("alice") ? alice : bob;
        SignalingFixture.Connected other = who.equals("alice") ? bob : alice;
        actor.client().hangUp(callId);
        assertEquals(
                new CallEnded(callId, EndReason.HUNG_UP, who), other.events().next(CallEnded.class));
        assertTrue(other.client().calls().isEmpty());
        assertTrue(actor.client().calls().isEmpty());
        assertEquals(0, f.server.callCount());
    }

    @Test
    void unansweredInviteEndsWithNoAnswerForBothAfterTheRingTimeout() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        String callId = alice.client().invite("bob");
        bob.events().next(Invite.class);
        assertEquals(EndReason.NO_ANSWER, alice.events().next(CallEnded.class).reason());
        assertEquals(
                new CallEnded(callId, EndReason.NO_ANSWER, null), bob.events().next(CallEnded.class));
    }

    @Test
    void closingTheClientEndsItsActiveCallAsHungUpAtOnce() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        String callId = establish(alice, bob);
        alice.client().close();
        assertEquals(
                new CallEnded(callId, EndReason.HUNG_UP, "alice"),
                bob.events().next(CallEnded.class, Duration.ofMillis(900)));
    }

    @Test
    void presenceSubscribersLearnWhoComesAndGoes() throws Exception {
        f.connect("bob");
        Events events = new Events();
        SignalingClient carol = f.track(f.client("carol", events).presence(true).build());
        Welcome w = carol.connect();
        assertEquals(List.of("bob"), w.online());
        SignalingFixture.Connected dave = f.connect("dave");
        // coalesced: bob's sign-in may share dave's update
        assertTrue(events.next(Presence.class).online().contains("dave"));
        dave.client().close();
        assertEquals(new Presence(List.of(), List.of("dave")), events.next(Presence.class));
    }
}
