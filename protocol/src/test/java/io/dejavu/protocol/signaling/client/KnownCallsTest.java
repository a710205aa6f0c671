package io.dejavu.protocol.signaling.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KnownCallsTest {
    private static Welcome welcome(boolean resumed, List<String> calls) {
        return new Welcome("alice", "session-id-0123456789", resumed, List.of(), 2000, 6000, List.of(), calls);
    }

    private static KnownCalls holding(String... ids) {
        KnownCalls calls = new KnownCalls();
        for (String id : ids) {
            calls.add(id);
        }
        return calls;
    }

    @Test
    void followsInvitesEndsAndUnknownCallErrors() {
        KnownCalls calls = holding("call-id-a");
        calls.track(new Invite("call-id-b", "bob", "alice"));
        calls.track(new Invite("call-id-c", "carol", "alice"));
        calls.track(new CallEnded("call-id-a", EndReason.HUNG_UP, "bob"));
        calls.track(new ErrorMessage(ErrorCode.UNKNOWN_CALL, "no call call-id-b", "call-id-b"));
        calls.track(new ErrorMessage(ErrorCode.FORBIDDEN, "not yours", "call-id-c"));
        assertEquals(Set.of("call-id-c"), calls.snapshot());
    }

    @Test
    void resumedSessionLosesOnlyTheCallsItsWelcomeDoesNotList() {
        KnownCalls calls = holding("call-id-a", "call-id-b", "call-id-c");
        assertEquals(List.of("call-id-a", "call-id-c"), calls.lostOn(welcome(true, List.of("call-id-b"))));
        assertEquals(Set.of("call-id-b"), calls.snapshot());
    }

    @Test
    void newSessionLosesEveryCall() {
        KnownCalls calls = holding("call-id-a", "call-id-b");
        assertEquals(List.of("call-id-a", "call-id-b"), calls.lostOn(welcome(false, List.of("call-id-a"))));
        assertEquals(Set.of(), calls.snapshot());
    }

    @Test
    void removeAllReturnsTheCallsInTheOrderTheyCameAndForgetsThem() {
        KnownCalls calls = holding("call-id-b", "call-id-a");
        assertEquals(List.of("call-id-b", "call-id-a"), calls.removeAll());
        assertEquals(Set.of(), calls.snapshot());
    }
}
