package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Presence;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sign-in loop cannot make the server fan out one message per sign-in to every subscriber. */
class PresenceAbuseTest {
    private static final int SUBSCRIBERS = 20;
    private static final Duration INTERVAL = Duration.ofMillis(500);

    private SignalingFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture(b -> b.presenceInterval(INTERVAL).signInRate(10_000, 10_000));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void signInLoopSendsEachSubscriberAtMostOneUpdatePerInterval() throws Exception {
        List<List<Presence>> received = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            List<Presence> mine = new CopyOnWriteArrayList<>();
            received.add(mine);
            SignalingClient c = f.track(f.client("watcher" + i, new Events())
                    .presence(true)
                    .listener(new SignalingListener() {
                        @Override
                        public void onPresence(Presence p) {
                            mine.add(p);
                        }
                    })
                    .build());
            c.connect();
        }
        // every watcher's own sign-in has gone out once all have heard of a marker that came after them
        awaitOnline(received, "marker1");
        received.forEach(List::clear);

        String token = f.token("looper");
        long start = System.nanoTime();
        int signIns = 0;
        while (System.nanoTime() - start < Duration.ofSeconds(2).toNanos()) {
            try (RawSocket raw = f.raw()) {
                raw.send(new Hello(token, null, false, "loop"));
                raw.next(Welcome.class);
                raw.close(1000);
            }
            signIns++;
        }
        // the looper's last change goes out no later than a marker's that follows it
        awaitOnline(received, "marker2");
        // The coalescing interval is what this tests, so the clock decides how many updates are allowed; it
        // bounds a count, not how long anything took.
        long windows = (System.nanoTime() - start) / INTERVAL.toNanos() + 1;

        assertTrue(signIns > 10, "only " + signIns + " sign-ins");
        for (List<Presence> updates : received) {
            assertTrue(
                    updates.size() <= windows + 1,
                    updates.size() + " updates in " + windows + " intervals for " + signIns + " sign-ins");
            assertFalse(onlineAfter(updates).contains("looper"), "the looper left but is shown online");
        }
    }

    private void awaitOnline(List<List<Presence>> received, String marker) throws Exception {
        f.connect(marker);
        Await.until(marker + " reaches every watcher", Duration.ofSeconds(5), () -> received.stream()
                .allMatch(l -> onlineAfter(l).contains(marker)));
    }

    private static Set<String> onlineAfter(List<Presence> updates) {
        Set<String> online = new HashSet<>();
        for (Presence p : updates) {
            online.addAll(p.online());
            p.offline().forEach(online::remove);
        }
        return online;
    }

    @Test
    void userWhoCameAndWentWithinOneIntervalIsNotAnnounced() throws Exception {
        Events watcherEvents = new Events();
        SignalingClient watcher =
                f.track(f.client("watcher", watcherEvents).presence(true).build());
        watcher.connect();
        SignalingFixture.Connected quick = f.connect("quick");
        quick.client().close();
        SignalingFixture.Connected stays = f.connect("stays");
        Presence p = watcherEvents.next(Presence.class);
        assertEquals(List.of("stays"), p.online(), p.toString());
        assertTrue(stays.client().calls().isEmpty());
    }
}
