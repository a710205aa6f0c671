package io.dejavu.signaling;

import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Presence;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.testing.Await;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Replays issue 18's attacks against in-process servers on loopback and prints the figures that
 * docs/SECURITY.md quotes. Not a test (it asserts nothing and takes a minute or two); run it with the test class
 * path:
 *
 * <pre>
 * mvn -o -q -pl signaling-server test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp signaling-server/target/test-classes:signaling-server/target/classes:$(cat signaling-server/target/test-cp.txt) \
 *     io.dejavu.signaling.AbuseMeasurement [strangers] [subscribers] [busy,strangers,presence,revocation]
 * </pre>
 */
public final class AbuseMeasurement {
    private AbuseMeasurement() {}

    public static void main(String[] args) throws Exception {
        int strangers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int subscribers = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        List<String> only = args.length > 2 ? List.of(args[2].split(",")) : List.of();
        System.out.printf(Locale.ROOT, "%-58s %s%n", "attack", "outcome");
        if (only.isEmpty() || only.contains("busy")) {
            busyLock();
        }
        if (only.isEmpty() || only.contains("strangers")) {
            perAddressCap(strangers);
            strangers(strangers);
        }
        if (only.isEmpty() || only.contains("presence")) {
            presence(subscribers);
        }
        if (only.isEmpty() || only.contains("revocation")) {
            revocation();
        }
        System.exit(0); // the JDK clients' threads would keep the JVM up
    }

    private static void row(String attack, String outcome) {
        System.out.printf(Locale.ROOT, "%-58s %s%n", attack, outcome);
    }

    private static SignalingFixture server(UnaryOperator<SignalingServerOptions.Builder> options) throws Exception {
        return new SignalingFixture(b -> options.apply(
                b.heartbeat(Duration.ofSeconds(2), Duration.ofSeconds(6)).resumeGrace(Duration.ofSeconds(4))));
    }

    /** A third user invites the callee again the moment he is turned away; a wanted caller keeps calling. */
    private static void busyLock() throws Exception {
        try (SignalingFixture f = server(b -> b)) {
            AtomicInteger ringsFromMallory = new AtomicInteger();
            AtomicInteger ringsFromAlice = new AtomicInteger();
            SignalingClient[] bob = new SignalingClient[1];
            bob[0] = f.track(f.client("bob", new Events())
                    .listener(new SignalingListener() {
                        @Override
                        public void onInvite(Invite invite) {
                            if (invite.from().equals("alice")) {
                                ringsFromAlice.incrementAndGet();
                                bob[0].accept(invite.callId());
                            } else {
                                ringsFromMallory.incrementAndGet();
                                bob[0].reject(invite.callId());
                            }
                        }
                    })
                    .build());
            bob[0].connect();
            RawSocket mallory = f.rawAs("mallory");
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            Thread flood = new Thread(() -> {
                while (flooding.get()) {
                    try {
                        mallory.send(new Invite("flood-call-" + sent.incrementAndGet(), null, "bob"));
                        Thread.sleep(20);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            flood.start();
            Events aliceEvents = new Events();
            SignalingClient alice = f.track(f.client("alice", aliceEvents).build());
            alice.connect();
            int wanted = 50;
            int accepted = 0;
            long start = System.nanoTime();
            for (int i = 0; i < wanted; i++) {
                String callId = alice.invite("bob");
                var outcome = aliceEvents
                        .nextReceived(
                                io.dejavu.protocol.signaling.SignalMessage.CallMessage.class, Duration.ofSeconds(5))
                        .message();
                while (outcome instanceof io.dejavu.protocol.signaling.SignalMessage.Ringing) {
                    outcome = aliceEvents
                            .nextReceived(
                                    io.dejavu.protocol.signaling.SignalMessage.CallMessage.class, Duration.ofSeconds(5))
                            .message();
                }
                if (outcome instanceof CallAccepted a && a.callId().equals(callId)) {
                    accepted++;
                    alice.hangUp(callId);
                }
                Thread.sleep(200); // a person redialling
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            flooding.set(false);
            flood.join();
            row(
                    "busy-lock: 3rd user floods invites, wanted caller calls",
                    String.format(
                            Locale.ROOT,
                            "%d of %d wanted invites reached the callee (%.0f %%); flooder sent %d invites in %.1f s,"
                                    + " %d rang",
                            ringsFromAlice.get(),
                            wanted,
                            100.0 * accepted / wanted,
                            sent.get(),
                            seconds,
                            ringsFromMallory.get()));
        }
    }

    /** Thousands of connections from one host. */
    private static void perAddressCap(int attempts) throws Exception {
        try (SignalingFixture f = server(b -> b.authTimeout(Duration.ofSeconds(60)))) {
            HttpClient http = HttpClient.newHttpClient();
            AtomicInteger peak = new AtomicInteger();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    peak.accumulateAndGet(f.server.connectionCount(), Math::max);
                    Thread.onSpinWait();
                }
            });
            sampler.start();
            List<CompletableFuture<WebSocket>> opened = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                opened.add(http.newWebSocketBuilder().buildAsync(f.server.uri(), new WebSocket.Listener() {}));
            }
            for (CompletableFuture<WebSocket> o : opened) {
                try {
                    o.get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // refused
                }
            }
            long held = opened.stream()
                    .filter(o -> !o.isCompletedExceptionally() && !o.join().isInputClosed())
                    .count();
            sampling.set(false);
            sampler.join();
            row(
                    "connection flood: " + attempts + " WebSockets from one host",
                    String.format(
                            Locale.ROOT,
                            "at most %d open at once, %d held at the end (cap per address 64); the rest aborted",
                            peak.get(),
                            Math.min(held, f.server.connectionCount())));
            opened.forEach(o -> o.thenAccept(WebSocket::abort));
        }
    }

    /**
     * Idle strangers as if from many hosts (caps per address lifted), plus 20 that send 60 KB frames before signing
     * in, over and over; a legitimate call set-up is timed meanwhile.
     */
    private static void strangers(int idleCount) throws Exception {
        Duration auth = Duration.ofSeconds(10);
        try (SignalingFixture f = server(b -> b.maxConnections(20_000, 20_000).authTimeout(auth))) {
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<WebSocket>> idle = new ArrayList<>();
            for (int i = 0; i < idleCount; i++) {
                idle.add(http.newWebSocketBuilder().buildAsync(f.server.uri(), new WebSocket.Listener() {}));
            }
            CompletableFuture.allOf(idle.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long idleOpenedAt = System.nanoTime();
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong floodFrames = new AtomicLong();
            List<Thread> flooders = new ArrayList<>();
            String big = "{\"v\":1,\"type\":\"hello\",\"token\":\"" + "x".repeat(60_000) + "\"}";
            for (int i = 0; i < 20; i++) {
                Thread t = new Thread(() -> {
                    while (flooding.get()) {
                        try (RawSocket raw = new RawSocket(http, f.server.uri())) {
                            raw.sendText(big);
                            floodFrames.incrementAndGet();
                        } catch (Exception e) {
                            floodFrames.incrementAndGet(); // cut while sending: counted as sent
                        }
                    }
                });
                t.setDaemon(true);
                t.start();
                flooders.add(t);
            }
            SignalingFixture.Connected bob = f.connect("bob");
            SignalingFixture.Connected alice = f.connect("alice");
            int calls = 30;
            double[] ms = new double[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                String callId = alice.client().invite("bob");
                bob.events().next(Invite.class, Duration.ofSeconds(10));
                bob.client().accept(callId);
                alice.events().next(CallAccepted.class, Duration.ofSeconds(10));
                ms[i] = (System.nanoTime() - t0) / 1e6;
                alice.client().hangUp(callId);
                bob.events().next(CallEnded.class, Duration.ofSeconds(10));
            }
            flooding.set(false);
            Arrays.sort(ms);
            row(
                    idleCount + " idle strangers + 20 flooding 60 KB frames",
                    String.format(
                            Locale.ROOT,
                            "call set-up (invite to accepted at the caller) median %.1f ms, max %.1f ms over %d calls;"
                                    + " %d flood frames refused",
                            ms[calls / 2],
                            ms[calls - 1],
                            calls,
                            floodFrames.get()));
            Await.until("idle strangers are cut", auth.plusSeconds(10), () -> idle.stream()
                    .allMatch(o -> o.join().isInputClosed()));
            row(
                    idleCount + " idle strangers, sign-in timeout " + auth.toSeconds() + " s",
                    String.format(
                            Locale.ROOT,
                            "all cut within the timeout (%.1f s after the last had opened); server holds %d",
                            (System.nanoTime() - idleOpenedAt) / 1e9,
                            f.server.connectionCount()));
        }
    }

    /** A sign-in/sign-out loop at full speed with many presence subscribers (the per-user sign-in limit lifted). */
    private static void presence(int subscribers) throws Exception {
        // All subscribers come from loopback: lift what guards against one host.
        try (SignalingFixture f = server(b ->
                b.signInRate(1e6, 1_000_000).addressRateLimit(1e6, 1_000_000).maxConnections(20_000, 20_000))) {
            ScheduledExecutorService shared = Executors.newScheduledThreadPool(2);
            HttpClient http = HttpClient.newBuilder().build();
            AtomicLong received = new AtomicLong();
            AtomicLong maxPerSubscriber = new AtomicLong();
            List<AtomicLong> counts = new ArrayList<>();
            var names = new ArrayList<String>();
            for (int i = 0; i < subscribers; i++) {
                names.add("sub" + i);
            }
            var tokens = f.server.users().addUsers(names);
            CountDownLatch connected = new CountDownLatch(subscribers);
            var connecting = Executors.newFixedThreadPool(16); // connect() blocks; events need the shared pool
            for (String name : names) {
                AtomicLong mine = new AtomicLong();
                counts.add(mine);
                SignalingClient c = f.track(SignalingClient.builder(f.server.uri(), tokens.get(name))
                        .presence(true)
                        .httpClient(http)
                        .scheduler(shared)
                        .reconnect(false, Duration.ZERO)
                        .connectTimeout(Duration.ofSeconds(30))
                        .listener(new SignalingListener() {
                            @Override
                            public void onPresence(Presence p) {
                                mine.incrementAndGet();
                                received.incrementAndGet();
                            }
                        })
                        .build());
                connecting.execute(() -> {
                    try {
                        c.connect();
                    } catch (Exception e) {
                        // counted below as missing
                    }
                    connected.countDown();
                });
            }
            connected.await(180, TimeUnit.SECONDS);
            connecting.shutdown();
            int online = f.server.sessionCount();
            Thread.sleep(2000); // the subscribers' own sign-ins go out
            counts.forEach(c -> c.set(0));
            received.set(0);
            long sentBefore = f.server.presenceMessagesSent();
            String token = f.token("looper");
            int signIns = 0;
            long start = System.nanoTime();
            Duration run = Duration.ofSeconds(10);
            while (System.nanoTime() - start < run.toNanos()) {
                try (RawSocket raw = new RawSocket(http, f.server.uri())) {
                    raw.send(new Hello(token, null, false, "loop"));
                    raw.next(Welcome.class);
                    raw.close(1000);
                }
                signIns++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(1500); // the last coalesced update
            counts.forEach(c -> maxPerSubscriber.accumulateAndGet(c.get(), Math::max));
            long sent = f.server.presenceMessagesSent() - sentBefore;
            row(
                    "sign-in/out loop, " + online + " presence subscribers",
                    String.format(
                            Locale.ROOT,
                            "%d sign-ins in %.1f s (%.0f/s); presence messages sent %d (%.2f per subscriber per s),"
                                    + " max %d to one subscriber; uncoalesced would be %d",
                            signIns,
                            seconds,
                            signIns / seconds,
                            sent,
                            sent / (double) online / seconds,
                            maxPerSubscriber.get(),
                            2L * signIns * online));
            shared.shutdownNow();
        }
    }

    /** Time from a revocation by another process (the CLI) until the open session hears it. */
    private static void revocation() throws Exception {
        try (SignalingFixture f = server(b -> b)) {
            double max = 0;
            double sum = 0;
            int runs = 10;
            for (int i = 0; i < runs; i++) {
                String user = "revoked" + i;
                SignalingFixture.Connected c = f.connect(user);
                long t0;
                try (UserStore cli = UserStore.open(f.db)) {
                    t0 = System.nanoTime();
                    cli.revoke(user);
                }
                ErrorMessage e = c.events().next(ErrorMessage.class, Duration.ofSeconds(5));
                double ms = (System.nanoTime() - t0) / 1e6;
                if (e.code() != ErrorCode.UNAUTHORIZED) {
                    throw new IllegalStateException("expected unauthorized, got " + e);
                }
                max = Math.max(max, ms);
                sum += ms;
            }
            row(
                    "revocation by the CLI while the user is signed in",
                    String.format(
                            Locale.ROOT,
                            "session told and closed after %.0f ms on average, %.0f ms at most (%d runs)",
                            sum / runs,
                            max,
                            runs));
        }
    }
}
