package io.dejavu.cli.signaling;

import io.dejavu.protocol.signaling.SignalMessage.Answer;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Ringing;
import io.dejavu.protocol.signaling.client.ConnectionState;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.signaling.UserStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load generator for the signaling server on loopback: holds many idle authenticated connections (with
 * heartbeats), then times call set-ups between them.
 *
 * <pre>{@code
 * BenchResult r = new SignalingBench(new BenchOptions(5000, Duration.ofSeconds(10), 2000, 300, 10, 32, null, null,
 *         Duration.ofMinutes(5))).run();
 * System.out.println(r.toTable());
 * }</pre>
 */
public final class SignalingBench {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingBench.class);
    private static final Duration CALL_WAIT = Duration.ofSeconds(10);

    private final BenchOptions options;

    public SignalingBench(BenchOptions options) {
        this.options = options;
    }

    /** One bench client and the call probe it is part of right now. */
    static final class Peer implements SignalingListener {
        volatile SignalingClient client;
        volatile Probe probe;
        /** When the client last came back after a lost connection (System.nanoTime), or 0. */
        volatile long backNanos;

        @Override
        public void onConnectionState(ConnectionState state) {
            if (state == ConnectionState.CONNECTED
                    && client != null
                    && client.welcome().isPresent()) {
                backNanos = System.nanoTime();
            }
        }

        @Override
        public void onInvite(Invite invite) {
            client.accept(invite.callId());
        }

        @Override
        public void onOffer(Offer offer) {
            client.sendAnswer(offer.callId(), "v=0 bench answer");
        }

        @Override
        public void onRinging(Ringing ringing) {
            Probe p = probe;
            if (p != null) {
                p.ringing.complete(System.nanoTime());
            }
        }

        @Override
        public void onCallAccepted(CallAccepted accepted) {
            Probe p = probe;
            if (p != null && accepted.caller()) {
                p.accepted.complete(System.nanoTime());
            }
        }

        @Override
        public void onAnswer(Answer answer) {
            Probe p = probe;
            if (p != null) {
                p.answer.complete(System.nanoTime());
            }
        }

        @Override
        public void onCallEnded(CallEnded ended) {
            Probe p = probe;
            if (p != null) {
                p.ended.complete(ended);
                RuntimeException why = new IllegalStateException("call ended: " + ended.reason());
                p.ringing.completeExceptionally(why);
                p.accepted.completeExceptionally(why);
                p.answer.completeExceptionally(why);
            }
        }

        @Override
        public void onError(ErrorMessage error) {
            Probe p = probe;
            if (p != null) {
                RuntimeException why = new IllegalStateException(error.code() + ": " + error.message());
                p.ringing.completeExceptionally(why);
                p.accepted.completeExceptionally(why);
                p.answer.completeExceptionally(why);
                p.ended.completeExceptionally(why);
            }
        }
    }

    static final class Probe {
        final CompletableFuture<Long> ringing = new CompletableFuture<>();
        final CompletableFuture<Long> accepted = new CompletableFuture<>();
        final CompletableFuture<Long> answer = new CompletableFuture<>();
        final CompletableFuture<CallEnded> ended = new CompletableFuture<>();
    }

    public BenchResult run() throws Exception {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        boolean inProcess = options.url() == null;
        Path db = inProcess ? Files.createTempFile("dejavu-signaling-bench-", ".db") : options.database();
        SignalingServer server = null;
        ScheduledThreadPoolExecutor events = new ScheduledThreadPoolExecutor(2, named("signaling-bench-events"));
        events.setRemoveOnCancelPolicy(true);
        ExecutorService http = Executors.newFixedThreadPool(4, named("signaling-bench-http"));
        ExecutorService workers = Executors.newFixedThreadPool(
                Math.max(options.connectParallelism(), options.concurrency()), named("signaling-bench-worker"));
        List<Peer> peers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (UserStore users = UserStore.open(db)) {
            URI uri = options.url();
            if (inProcess) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                // Every bench client comes from loopback: lift the per-address caps that guard against one host.
                int clients = options.clients();
                server = new SignalingServer(SignalingServerOptions.builder(db, new TicketSigner(secret))
                        .port(0)
                        .maxConnections(Math.max(10_000, 2 * clients), clients + 16)
                        .addressRateLimit(50.0 * clients, 200 * clients)
                        .build());
                server.start();
                uri = server.uri();
            }
            String run = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(randomBytes(4))
                    .replace('_', 'x');
            for (int i = 0; i < options.clients(); i++) {
                names.add("bench" + run + "-" + i);
            }
            Map<String, String> tokens = users.addUsers(names);
            LOG.info("created {} bench users in {}", names.size(), db);

            HttpClient httpClient = HttpClient.newBuilder()
                    .executor(http)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            for (String name : names) {
                Peer peer = new Peer();
                peer.client = SignalingClient.builder(uri, tokens.get(name))
                        .listener(peer)
                        .httpClient(httpClient)
                        .scheduler(events)
                        .connectTimeout(Duration.ofSeconds(10))
                        .reconnect(false, Duration.ZERO)
                        .clientName("bench")
                        .build();
                peers.add(peer);
            }

            // connect
            long t0 = System.nanoTime();
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> connecting = new ArrayList<>();
            for (int w = 0; w < options.connectParallelism(); w++) {
                connecting.add(workers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < peers.size() && System.nanoTime() < deadline) {
                        try {
                            peers.get(i).client.connect();
                        } catch (Exception e) {
                            if (failures.incrementAndGet() <= 5) {
                                LOG.warn("client {} failed to connect: {}", i, e.getMessage());
                            }
                        }
                        if ((i + 1) % 1000 == 0) {
                            LOG.info("{} clients connected", i + 1);
                        }
                    }
                }));
            }
            for (Future<?> f : connecting) {
                f.get();
            }
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            int connected = (int) peers.stream()
                    .filter(p -> p.client.state() == ConnectionState.CONNECTED)
                    .count();
            LOG.info(
                    "{} of {} clients connected in {} s; holding for {}",
                    connected,
                    peers.size(),
                    String.format("%.1f", connectSeconds),
                    options.hold());

            // hold idle
            long holdStart = System.nanoTime();
            sleepUntil(Math.min(deadline, holdStart + options.hold().toNanos()));
            double holdSeconds = (System.nanoTime() - holdStart) / 1e9;
            int stillConnected = (int) peers.stream()
                    .filter(p -> p.client.state() == ConnectionState.CONNECTED)
                    .count();
            System.gc();
            long heapMb =
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
            LOG.info(
                    "{} clients still connected after {} s; {} MB heap",
                    stillConnected,
                    String.format("%.0f", holdSeconds),
                    heapMb);

            // calls between pairs whose both ends are connected
            List<Integer> usable = new ArrayList<>();
            for (int p = 0; p < peers.size() / 2; p++) {
                if (peers.get(2 * p).client.state() == ConnectionState.CONNECTED
                        && peers.get(2 * p + 1).client.state() == ConnectionState.CONNECTED) {
                    usable.add(p);
                }
            }
            int pairs = usable.size();
            if (pairs < options.concurrency()) {
                throw new IllegalStateException(
                        "only " + pairs + " connected client pairs for " + options.concurrency() + " concurrent calls");
            }
            // warm up the JIT on both ends so the percentiles describe the steady state
            int warmup = Math.min(options.warmupCalls(), pairs);
            double[] scratch = new double[Math.max(1, warmup)];
            for (int k = 0; k < warmup; k++) {
                int pair = usable.get(k);
                oneCall(
                        peers.get(2 * pair),
                        peers.get(2 * pair + 1),
                        names.get(2 * pair + 1),
                        0,
                        scratch,
                        scratch,
                        scratch);
            }
            LOG.info(
                    "{} warm-up calls done; timing {} calls, {} at a time",
                    warmup,
                    options.calls(),
                    options.concurrency());
            int c = options.concurrency();
            double[] invite = new double[options.calls()];
            double[] accept = new double[options.calls()];
            double[] offerAnswer = new double[options.calls()];
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger taken = new AtomicInteger();
            long callsStart = System.nanoTime();
            List<Future<?>> calling = new ArrayList<>();
            for (int w = 0; w < c; w++) {
                int worker = w;
                calling.add(workers.submit(() -> {
                    int round = 0;
                    int[] own = IntStream.range(0, pairs)
                            .filter(p -> p % c == worker)
                            .toArray();
                    int k;
                    while ((k = taken.getAndIncrement()) < options.calls() && System.nanoTime() < deadline) {
                        int pair = own[round++ % own.length];
                        Peer caller = peers.get(2 * pair);
                        Peer callee = peers.get(2 * pair + 1);
                        if (oneCall(caller, callee, names.get(2 * pair + 1), k, invite, accept, offerAnswer)) {
                            ok.incrementAndGet();
                        } else if (failed.incrementAndGet() <= 5) {
                            LOG.warn(
                                    "call {} between {} and {} failed",
                                    k,
                                    names.get(2 * pair),
                                    names.get(2 * pair + 1));
                        }
                    }
                }));
            }
            for (Future<?> f : calling) {
                f.get();
            }
            double callSeconds = (System.nanoTime() - callsStart) / 1e9;
            int n = ok.get();
            double[] inv = completed(invite);
            double[] acc = completed(accept);
            double[] oa = completed(offerAnswer);
            return new BenchResult(
                    options.clients(),
                    connected,
                    options.clients() - connected,
                    connectSeconds,
                    stillConnected,
                    holdSeconds,
                    n,
                    failed.get(),
                    n / Math.max(callSeconds, 1e-9),
                    percentile(inv, 50),
                    percentile(inv, 99),
                    percentile(inv, 100),
                    percentile(acc, 50),
                    percentile(acc, 99),
                    percentile(oa, 50),
                    percentile(oa, 99),
                    heapMb,
                    Runtime.getRuntime().availableProcessors(),
                    inProcess);
        } finally {
            LOG.info("closing {} clients", peers.size());
            List<Future<?>> closing = new ArrayList<>();
            for (List<Peer> chunk : chunks(peers, 16)) {
                closing.add(workers.submit(() -> chunk.forEach(p -> p.client.close())));
            }
            for (Future<?> f : closing) {
                try {
                    f.get();
                } catch (Exception e) {
                    LOG.warn("closing bench clients failed: {}", e.toString());
                }
            }
            if (server != null) {
                server.close();
            }
            if (!inProcess && !names.isEmpty()) {
                try (UserStore users = UserStore.open(db)) {
                    users.revokeUsers(names);
                }
            }
            workers.shutdownNow();
            events.shutdownNow();
            http.shutdownNow();
            if (inProcess) {
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(Path.of(db + suffix));
                }
            }
        }
    }

    /** One timed call: invite → ringing → accepted → offer → answer → hang-up. */
    static boolean oneCall(
            Peer caller,
            Peer callee,
            String calleeName,
            int k,
            double[] invite,
            double[] accept,
            double[] offerAnswer) {
        Probe probe = new Probe();
        Probe calleeProbe = new Probe();
        caller.probe = probe;
        callee.probe = calleeProbe;
        try {
            long t0 = System.nanoTime();
            String callId = caller.client.invite(calleeName);
            long ringing = probe.ringing.get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            long accepted = probe.accepted.get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            long t1 = System.nanoTime();
            caller.client.sendOffer(callId, "v=0 bench offer");
            long answered = probe.answer.get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            caller.client.hangUp(callId);
            calleeProbe.ended.get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            invite[k] = (ringing - t0) / 1e6;
            accept[k] = (accepted - t0) / 1e6;
            offerAnswer[k] = (answered - t1) / 1e6;
            return true;
        } catch (Exception e) {
            LOG.debug("call {} failed: {}", k, e.toString());
            return false;
        } finally {
            caller.probe = null;
            callee.probe = null;
        }
    }

    static double[] completed(double[] values) {
        return Arrays.stream(values).filter(v -> v > 0).sorted().toArray();
    }

    /** Nearest-rank percentile of sorted values; NaN if none. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static <T> List<List<T>> chunks(List<T> all, int n) {
        List<List<T>> out = new ArrayList<>();
        int size = Math.max(1, (all.size() + n - 1) / n);
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 1_000_000_000L));
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
