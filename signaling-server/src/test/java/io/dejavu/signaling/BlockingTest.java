package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.Blocked;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Presence;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.client.SignalingClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A user can block a caller: the server refuses their invites and hides the blocker's presence from them. */
class BlockingTest {
    private SignalingFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture(b -> b.presenceInterval(Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    /** Connected, with the block list the server sends after the welcome already read. */
    private SignalingFixture.Connected connect(String user) throws Exception {
        SignalingFixture.Connected c = f.connect(user);
        c.events().next(Blocked.class);
        return c;
    }

    @Test
    void blockedCallerHearsOfflineAndTheCalleeIsNotRung() throws Exception {
        SignalingFixture.Connected bob = connect("bob");
        SignalingFixture.Connected mallory = connect("mallory");
        bob.client().block("mallory");
        assertEquals(new Blocked(List.of("mallory")), bob.events().next(Blocked.class));
        String callId = mallory.client().invite("bob");
        assertEquals(
                new CallEnded(callId, EndReason.OFFLINE, null), mallory.events().next(CallEnded.class));
        bob.events().none(Invite.class, Duration.ofMillis(200));
    }

    @Test
    void blockIsStoredAndSurvivesANewSession() throws Exception {
        SignalingFixture.Connected bob = connect("bob");
        bob.client().block("mallory");
        bob.events().next(Blocked.class);
        bob.client().close();
        assertEquals(List.of("mallory"), f.server.users().blockedBy("bob"));

        SignalingFixture.Connected again = f.connect("bob");
        assertEquals(new Blocked(List.of("mallory")), again.events().next(Blocked.class));
        SignalingFixture.Connected mallory = connect("mallory");
        mallory.client().invite("bob");
        assertEquals(EndReason.OFFLINE, mallory.events().next(CallEnded.class).reason());
    }

    @Test
    void blockingEndsTheInviteThatRingsFromThatCaller() throws Exception {
        SignalingFixture.Connected bob = connect("bob");
        SignalingFixture.Connected mallory = connect("mallory");
        String callId = mallory.client().invite("bob");
        bob.events().next(Invite.class);
        bob.client().block("mallory");
        assertEquals(
                new CallEnded(callId, EndReason.REJECTED, "bob"),
                mallory.events().next(CallEnded.class));
        assertEquals(0, f.server.callCount());
    }

    @Test
    void unblockLetsTheCallerThroughAgain() throws Exception {
        SignalingFixture.Connected bob = connect("bob");
        SignalingFixture.Connected mallory = connect("mallory");
        bob.client().block("mallory");
        bob.events().next(Blocked.class);
        bob.client().unblock("mallory");
        assertEquals(new Blocked(List.of()), bob.events().next(Blocked.class));
        String callId = mallory.client().invite("bob");
        assertEquals(callId, bob.events().next(Invite.class).callId());
    }

    @Test
    void blockerDisappearsFromTheBlockedUsersPresence() throws Exception {
        SignalingFixture.Connected bob = connect("bob");
        Events malloryEvents = new Events();
        SignalingClient mallory =
                f.track(f.client("mallory", malloryEvents).presence(true).build());
        assertEquals(List.of("bob"), mallory.connect().online());
        bob.client().block("mallory");
        assertEquals(new Presence(List.of(), List.of("bob")), malloryEvents.next(Presence.class));

        // nor does a new session of mallory's list bob, nor learn when he comes and goes
        mallory.close();
        Events later = new Events();
        SignalingClient again =
                f.track(f.client("mallory", later).presence(true).build());
        Welcome w = again.connect();
        assertFalse(w.online().contains("bob"), w.online().toString());
        bob.client().close();
        f.connect("carol");
        Presence p = later.next(Presence.class);
        assertTrue(p.online().contains("carol"));
        assertFalse(p.offline().contains("bob"), p.toString());
    }

    @Test
    void blockingYourselfIsABadRequest() throws Exception {
        SignalingFixture.Connected bob = connect("bob");
        bob.client().block("bob");
        assertEquals(
                ErrorCode.BAD_REQUEST, bob.events().next(ErrorMessage.class).code());
    }
}
