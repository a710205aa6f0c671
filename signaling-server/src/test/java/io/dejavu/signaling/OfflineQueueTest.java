package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.SignalMessage.Accept;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.IceCandidate;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Ping;
import io.dejavu.protocol.signaling.SignalMessage.Pong;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the server keeps for a user whose connection died, until it resumes: bounded by count and by size, newest
 * kept. Long heartbeat and grace so the raw sockets (which send no pings) are not dropped mid-test.
 */
class OfflineQueueTest {
    private static final String CALL = "offline-queue-1";
    private SignalingFixture f;
    private RawSocket alice;
    private String bobSession;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture(b -> b.heartbeat(Duration.ofMillis(500), Duration.ofSeconds(20))
                .resumeGrace(Duration.ofSeconds(20))
                .rateLimit(10_000, 10_000));
        alice = f.rawAs("alice");
        RawSocket bob = f.raw();
        bob.send(new Hello(f.token("bob"), null, false, "raw"));
        bobSession = bob.next(Welcome.class).sessionId();
        alice.send(new Invite(CALL, null, "bob"));
        bob.next(Invite.class);
        bob.send(new Accept(CALL));
        bob.next(CallAccepted.class);
        alice.next(CallAccepted.class);
        bob.kill();
        Await.until(
                "the server notices bob's dead socket", Duration.ofSeconds(5), () -> f.server.connectionCount() <= 1);
        assertEquals(1, f.server.connectionCount());
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    /** Returns once the server has handled everything alice sent before (it handles her messages in order). */
    private void drainAlice() throws Exception {
        alice.send(new Ping(7));
        assertEquals(new Pong(7), alice.next(Pong.class));
    }

    private RawSocket resumeBob() throws Exception {
        RawSocket again = f.raw();
        again.send(new Hello(f.token("bob"), bobSession, false, "raw"));
        assertTrue(again.next(Welcome.class).resumed());
        return again;
    }

    @Test
    void keepsOnlyTheNewest256MessagesInOrder() throws Exception {
        for (int i = 0; i < 300; i++) {
            alice.send(new IceCandidate(CALL, null, "0", 0, "candidate:" + i));
        }
        drainAlice();
        RawSocket bob = resumeBob();
        for (int i = 300 - 256; i < 300; i++) {
            assertEquals("candidate:" + i, bob.next(IceCandidate.class).candidate());
        }
    }

    @Test
    void keepsOnlyTheNewestMegabyteOfMessages() throws Exception {
        String padding = "a".repeat(50_000);
        for (int i = 0; i < 30; i++) {
            alice.send(new Offer(CALL, null, "v=" + i + " " + padding));
        }
        drainAlice();
        RawSocket bob = resumeBob();
        // 20 offers of about 50,080 characters fit in 1 MiB, 21 do not.
        for (int i = 10; i < 30; i++) {
            assertEquals("v=" + i + " " + padding, bob.next(Offer.class).sdp());
        }
    }
}
