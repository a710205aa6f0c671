package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.testing.Await;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's busy-lock: a third user who invites the callee again the moment they are turned away must not make
 * the callee unreachable for the people they want to hear from.
 */
class BusyLockAbuseTest {
    private static final int WANTED_CALLS = 20;

    private SignalingFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture();
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    /** Bob takes Alice's calls and turns Mallory's away, as a person would. */
    private static final class Bob implements SignalingListener {
        final AtomicInteger fromAlice = new AtomicInteger();
        final AtomicInteger fromMallory = new AtomicInteger();
        SignalingClient client;

        @Override
        public void onInvite(Invite invite) {
            if (invite.from().equals("alice")) {
                fromAlice.incrementAndGet();
                client.accept(invite.callId());
            } else {
                fromMallory.incrementAndGet();
                client.reject(invite.callId());
            }
        }
    }

    @Test
    void wantedCallerReachesTheCalleeWhileAThirdUserFloodsInvites() throws Exception {
        Bob bob = new Bob();
        bob.client = f.track(f.client("bob", new Events()).listener(bob).build());
        bob.client.connect();
        RawSocket mallory = f.rawAs("mallory");
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger malloryInvites = new AtomicInteger();
        Thread flood = new Thread(
                () -> {
                    while (flooding.get()) {
                        try {
                            mallory.send(new Invite("flood-call-" + malloryInvites.incrementAndGet(), null, "bob"));
                            Thread.sleep(20); // 50 per second: as fast as the per-user limit lets her
                        } catch (Exception e) {
                            return;
                        }
                    }
                },
                "mallory-flood");
        flood.start();
        // the flood is on, and has rung bob as often as the pair's limit lets it
        Await.until("mallory is turned away", Duration.ofSeconds(5), () -> malloryInvites.get() > 20);

        BlockingQueue<SignalMessage> outcomes = new ArrayBlockingQueue<>(16);
        SignalingClient alice = f.track(f.client("alice", new Events())
                .listener(new SignalingListener() {
                    @Override
                    public void onCallAccepted(CallAccepted accepted) {
                        outcomes.add(accepted);
                    }

                    @Override
                    public void onCallEnded(CallEnded ended) {
                        outcomes.add(ended);
                    }
                })
                .build());
        alice.connect();
        int accepted = 0;
        try {
            for (int i = 0; i < WANTED_CALLS; i++) {
                String callId = alice.invite("bob");
                SignalMessage outcome = outcomes.poll(5, TimeUnit.SECONDS);
                if (outcome instanceof CallAccepted a && a.callId().equals(callId)) {
                    accepted++;
                    alice.hangUp(callId);
                }
            }
        } finally {
            flooding.set(false);
            flood.join();
        }

        assertTrue(accepted >= WANTED_CALLS * 95 / 100, accepted + " of " + WANTED_CALLS + " wanted calls got through");
        assertEquals(accepted, bob.fromAlice.get());
        // Mallory rang Bob a few times before the pair's invite limit turned her away as busy.
        assertTrue(malloryInvites.get() > 20, "the flood sent " + malloryInvites.get() + " invites");
        assertTrue(
                bob.fromMallory.get() <= 6,
                "bob was rung " + bob.fromMallory.get() + " times by " + malloryInvites.get() + " invites");
    }

    @Test
    void secondCallerRingsWhileTheFirstInviteIsStillRinging() throws Exception {
        SignalingFixture.Connected bob = f.connect("bob");
        SignalingFixture.Connected mallory = f.connect("mallory");
        SignalingFixture.Connected alice = f.connect("alice");
        String unwanted = mallory.client().invite("bob");
        assertEquals(unwanted, bob.events().next(Invite.class).callId());
        String wanted = alice.client().invite("bob");
        assertEquals(wanted, bob.events().next(Invite.class).callId());

        bob.client().accept(wanted);
        assertEquals(wanted, alice.events().next(CallAccepted.class).callId());
        // taking one call turns the other waiting caller away as busy
        assertEquals(
                new CallEnded(unwanted, EndReason.BUSY, "bob"), mallory.events().next(CallEnded.class));
    }

    @Test
    void invitesPastThePairLimitEndAsBusyWithoutRinging() throws Exception {
        SignalingFixture.Connected bob = f.connect("bob");
        SignalingFixture.Connected mallory = f.connect("mallory");
        for (int i = 0; i < 3; i++) { // the default burst
            String callId = mallory.client().invite("bob");
            bob.events().next(Invite.class);
            bob.client().reject(callId);
            assertEquals(
                    EndReason.REJECTED, mallory.events().next(CallEnded.class).reason());
        }
        String fourth = mallory.client().invite("bob");
        assertEquals(
                new CallEnded(fourth, EndReason.BUSY, null), mallory.events().next(CallEnded.class));
        bob.events().none(Invite.class, Duration.ofMillis(200));
    }

    @Test
    void acceptedCallsDoNotCountAgainstThePairLimit() throws Exception {
        SignalingFixture.Connected bob = f.connect("bob");
        SignalingFixture.Connected alice = f.connect("alice");
        for (int i = 0; i < 6; i++) {
            String callId = alice.client().invite("bob");
            bob.events().next(Invite.class);
            bob.client().accept(callId);
            alice.events().next(CallAccepted.class);
            alice.client().hangUp(callId);
            bob.events().next(CallEnded.class);
        }
    }
}
