package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.Accept;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.HangUp;
import io.dejavu.protocol.signaling.SignalMessage.IceCandidate;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Reject;
import io.dejavu.protocol.signaling.SignalMessage.Ringing;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mallory holds a valid token of her own and tries to act as others or meddle in their calls. */
class ImpersonationTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private SignalingFixture f;
    private SignalingFixture.Connected alice;
    private SignalingFixture.Connected bob;
    private RawSocket mallory;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture();
        alice = f.connect("alice");
        bob = f.connect("bob");
        mallory = f.rawAs("mallory");
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private String ringingCall() {
        String callId = alice.client().invite("bob");
        bob.events().next(Invite.class);
        alice.events().next(Ringing.class);
        return callId;
    }

    private String activeCall() {
        String callId = ringingCall();
        bob.client().accept(callId);
        alice.events().next(CallAccepted.class);
        bob.events().next(CallAccepted.class);
        return callId;
    }

    @Test
    void cannotInviteInAnotherUsersName() throws Exception {
        mallory.send(new Invite("call-forged-0001", "alice", "bob"));
        ErrorMessage e = mallory.next(ErrorMessage.class);
        assertEquals(ErrorCode.FORBIDDEN, e.code());
        assertEquals("call-forged-0001", e.ref());
        bob.events().none(Invite.class, QUIET);
    }

    @Test
    void cannotAcceptAnInviteMeantForSomeoneElse() throws Exception {
        String callId = ringingCall();
        mallory.send(new Accept(callId));
        assertEquals(ErrorCode.FORBIDDEN, mallory.next(ErrorMessage.class).code());
        alice.events().none(CallAccepted.class, QUIET);
        // the real callee still can
        bob.client().accept(callId);
        assertEquals("bob", alice.events().next(CallAccepted.class).peer());
    }

    @Test
    void callerCannotAcceptOrRejectTheirOwnInvite() throws Exception {
        String callId = ringingCall();
        alice.client().accept(callId);
        assertEquals(
                ErrorCode.FORBIDDEN, alice.events().next(ErrorMessage.class).code());
        alice.client().send(new Reject(callId));
        assertEquals(
                ErrorCode.FORBIDDEN, alice.events().next(ErrorMessage.class).code());
        bob.events().none(CallAccepted.class, QUIET);
    }

    @Test
    void cannotRelayIntoACallSheIsNotIn() throws Exception {
        String callId = activeCall();
        mallory.send(new Offer(callId, null, "v=0 evil"));
        assertEquals(ErrorCode.FORBIDDEN, mallory.next(ErrorMessage.class).code());
        mallory.send(new IceCandidate(callId, null, "0", 0, "candidate:evil 1 udp 1 10.6.6.6 666 typ host"));
        assertEquals(ErrorCode.FORBIDDEN, mallory.next(ErrorMessage.class).code());
        bob.events().none(Offer.class, QUIET);
        alice.events().none(IceCandidate.class, Duration.ZERO);
    }

    @Test
    void cannotHangUpSomeoneElsesCall() throws Exception {
        String callId = activeCall();
        mallory.send(new HangUp(callId));
        assertEquals(ErrorCode.FORBIDDEN, mallory.next(ErrorMessage.class).code());
        alice.events().none(CallEnded.class, QUIET);
        assertEquals(1, f.server.callCount());
    }

    @Test
    void partyCannotSendInTheOtherPartysName() throws Exception {
        String callId = activeCall();
        bob.client().send(new Offer(callId, "alice", "v=0 forged"));
        ErrorMessage e = bob.events().next(ErrorMessage.class);
        assertEquals(ErrorCode.FORBIDDEN, e.code());
        alice.events().none(Offer.class, QUIET);
    }

    @Test
    void cannotTakeOverASessionWithoutItsUsersToken() throws Exception {
        String aliceSession = alice.client().welcome().orElseThrow().sessionId();
        try (RawSocket second = f.raw()) {
            second.send(
                    new io.dejavu.protocol.signaling.SignalMessage.Hello(f.token("mallory"), aliceSession, false, "x"));
            Welcome w = second.next(Welcome.class);
            assertEquals("mallory", w.user());
            assertEquals(false, w.resumed());
        }
        assertEquals(
                io.dejavu.protocol.signaling.client.ConnectionState.CONNECTED,
                alice.client().state());
    }

    @Test
    void unknownCallIdsGetUnknownCall() throws Exception {
        mallory.send(new HangUp("call-never-existed"));
        ErrorMessage e = mallory.next(ErrorMessage.class);
        assertEquals(ErrorCode.UNKNOWN_CALL, e.code());
        assertEquals("call-never-existed", e.ref());
    }

    @Test
    void clientsCannotSendServerMessages() throws Exception {
        mallory.send(new CallEnded("call-anything-1", io.dejavu.protocol.signaling.EndReason.HUNG_UP, "alice"));
        assertEquals(ErrorCode.INVALID_MESSAGE, mallory.next(ErrorMessage.class).code());
    }
}
