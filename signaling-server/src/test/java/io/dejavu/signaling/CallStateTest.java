package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.Accept;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.Cancel;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.HangUp;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Reject;
import io.dejavu.protocol.signaling.SignalMessage.Ringing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The call state machine's less travelled transitions, driven by raw sockets so that no client-side check hides
 * what the server decides.
 */
class CallStateTest {
    private static final String CALL = "call-state-test-1";
    private SignalingFixture f;
    private RawSocket alice;
    private RawSocket bob;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture();
        alice = f.rawAs("alice");
        bob = f.rawAs("bob");
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private void ring() throws Exception {
        alice.send(new Invite(CALL, null, "bob"));
        bob.next(Invite.class);
        alice.next(Ringing.class);
    }

    private void establish() throws Exception {
        ring();
        bob.send(new Accept(CALL));
        bob.next(CallAccepted.class);
        alice.next(CallAccepted.class);
    }

    @Test
    void acceptingAnAcceptedCallIsInvalidState() throws Exception {
        establish();
        bob.send(new Accept(CALL));
        ErrorMessage e = bob.next(ErrorMessage.class);
        assertEquals(ErrorCode.INVALID_STATE, e.code());
        assertEquals(CALL, e.ref());
        assertEquals(1, f.server.callCount());
    }

    @Test
    void rejectingAnAcceptedCallIsInvalidStateAndTheCallGoesOn() throws Exception {
        establish();
        bob.send(new Reject(CALL));
        assertEquals(ErrorCode.INVALID_STATE, bob.next(ErrorMessage.class).code());
        bob.send(new Offer(CALL, null, "v=0 still talking"));
        assertEquals(new Offer(CALL, "bob", "v=0 still talking"), alice.next(Offer.class));
    }

    @Test
    void relayingBeforeTheCallIsAcceptedIsInvalidState() throws Exception {
        ring();
        alice.send(new Offer(CALL, null, "v=0 too early"));
        ErrorMessage e = alice.next(ErrorMessage.class);
        assertEquals(ErrorCode.INVALID_STATE, e.code());
        assertEquals(CALL, e.ref());
    }

    @Test
    void cancelThatCrossedTheAcceptEndsTheCallAsHungUp() throws Exception {
        establish();
        alice.send(new Cancel(CALL));
        assertEquals(new CallEnded(CALL, EndReason.HUNG_UP, "alice"), bob.next(CallEnded.class));
        assertEquals(0, f.server.callCount());
    }

    @Test
    void calleeHangingUpARingingCallRejectsIt() throws Exception {
        ring();
        bob.send(new HangUp(CALL));
        assertEquals(new CallEnded(CALL, EndReason.REJECTED, "bob"), alice.next(CallEnded.class));
    }

    @Test
    void callerHangingUpARingingCallCancelsIt() throws Exception {
        ring();
        alice.send(new HangUp(CALL));
        assertEquals(new CallEnded(CALL, EndReason.CANCELLED, "alice"), bob.next(CallEnded.class));
    }

    @Test
    void callerLeavingWhileItRingsCancelsTheCallForTheCallee() throws Exception {
        ring();
        alice.close(SignalingHub.CLOSE_NORMAL);
        assertEquals(new CallEnded(CALL, EndReason.CANCELLED, "alice"), bob.next(CallEnded.class));
        assertEquals(0, f.server.callCount());
    }

    @Test
    void calleeLeavingWhileItRingsRejectsTheCallForTheCaller() throws Exception {
        ring();
        bob.close(SignalingHub.CLOSE_NORMAL);
        assertEquals(new CallEnded(CALL, EndReason.REJECTED, "bob"), alice.next(CallEnded.class));
    }
}
