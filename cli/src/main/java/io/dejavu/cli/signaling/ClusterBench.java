package io.dejavu.cli.signaling;

import io.dejavu.cli.signaling.SignalingBench.Peer;
import io.dejavu.cli.signaling.SignalingBench.Probe;
import io.dejavu.protocol.signaling.client.ConnectionState;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.signaling.RedisServerProcess;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.signaling.UserStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load generator for a signaling cluster on loopback (ADR 0306): N nodes in this JVM sharing one Redis (a private
 * redis-server unless one is given) and one user file. Client {@code i} connects to node {@code i mod N} and knows
 * the others as fallbacks, so the two clients of a timed call are always on different nodes.
 */
public final class ClusterBench {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBench.class);
    private static final Duration CALL_WAIT = Duration.ofSeconds(10);
    private static final Duration RESUME_GRACE = Duration.ofSeconds(20);

    private final ClusterBenchOptions options;

    public ClusterBench(ClusterBenchOptions options) {
        this.options = options;
    }

    public ClusterBenchResult run() throws Exception {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        int n = options.nodes();
        Path db = Files.createTempFile("dejavu-cluster-bench-", ".db");
        RedisServerProcess ownRedis = null;
        List<SignalingServer> nodes = new ArrayList<>();
        boolean[] stopped = new boolean[n];
        ScheduledThreadPoolExecutor events =
                new ScheduledThreadPoolExecutor(2, SignalingBench.named("cluster-bench-events"));
        events.setRemoveOnCancelPolicy(true);
        ExecutorService http = Executors.newFixedThreadPool(4, SignalingBench.named("cluster-bench-http"));
        ExecutorService workers = Executors.newFixedThreadPool(
                Math.max(options.connectParallelism(), options.concurrency()),
                SignalingBench.named("cluster-bench-worker"));
        List<Peer> peers = new ArrayList<>();
        try (UserStore users = UserStore.open(db)) {
            URI redis = options.redis();
            if (redis == null) {
                ownRedis = RedisServerProcess.start();
                redis = ownRedis.uri();
            }
            byte[] secret = SignalingBench.randomBytes(32);
            int clients = options.clients();
            for (int i = 0; i < n; i++) {
                SignalingServer node = new SignalingServer(
                        SignalingServerOptions.builder(db, new TicketSigner(secret))
                                .port(0)
                                .resumeGrace(RESUME_GRACE)
                                .maxConnections(Math.max(10_000, 2 * clients), clients + 16)
                                .addressRateLimit(50.0 * clients, 200 * clients)
                                .build(),
                        redis);
                nodes.add(node);
                node.start();
            }
            List<URI> uris = nodes.stream().map(SignalingServer::uri).toList();
            String run = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(SignalingBench.randomBytes(4))
                    .replace('_', 'x');
            List<String> names = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                names.add("cb" + run + "-" + i);
            }
            Map<String, String> tokens = users.addUsers(names);
            HttpClient httpClient = HttpClient.newBuilder()
                    .executor(http)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            // One key for all: thousands of fresh EC keys would only time the key generator.
            TicketKey key = TicketKey.generate();
            for (int i = 0; i < clients; i++) {
                Peer peer = new Peer();
                int home = i % n;
                List<URI> others = new ArrayList<>();
                for (int k = 1; k < n; k++) {
                    others.add(uris.get((home + k) % n));
                }
                peer.client = SignalingClient.builder(uris.get(home), tokens.get(names.get(i)))
                        .listener(peer)
                        .fallbacks(others)
                        .httpClient(httpClient)
                        .scheduler(events)
                        .ticketKey(key)
                        .connectTimeout(Duration.ofSeconds(10))
                        .reconnect(true, RESUME_GRACE)
                        .clientName("cluster-bench")
                        .build();
                peers.add(peer);
            }

            long t0 = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> connecting = new ArrayList<>();
            for (int w = 0; w < options.connectParallelism(); w++) {
                connecting.add(workers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < peers.size() && System.nanoTime() < deadline) {
                        try {
                            peers.get(i).client.connect();
                        } catch (Exception e) {
                            LOG.debug("client {} failed to connect: {}", i, e.getMessage());
                        }
                    }
                }));
            }
            for (Future<?> f : connecting) {
                f.get();
            }
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            LOG.info(
                    "{} clients connected over {} nodes in {} s",
                    connected(peers),
                    n,
                    String.format("%.1f", connectSeconds));
            SignalingBench.sleepUntil(
                    Math.min(deadline, System.nanoTime() + options.hold().toNanos()));
            int held = connected(peers);

            // Pairs (2p, 2p+1) sit on nodes 2p mod N and 2p+1 mod N: always two different nodes.
            List<Integer> usable = new ArrayList<>();
            for (int p = 0; p < peers.size() / 2; p++) {
                if (peers.get(2 * p).client.state() == ConnectionState.CONNECTED
                        && peers.get(2 * p + 1).client.state() == ConnectionState.CONNECTED) {
                    usable.add(p);
                }
            }
            // The last pairs are kept for the calls in progress across the kill.
            int reserved = options.killOne() ? 4 * options.callsInProgress() : 0;
            List<Integer> timed = usable.subList(0, Math.max(0, usable.size() - reserved));
            if (timed.size() < options.concurrency()) {
                throw new IllegalStateException("only " + timed.size() + " connected client pairs for "
                        + options.concurrency() + " concurrent calls");
            }
            double[] scratch = new double[Math.max(1, options.warmupCalls())];
            for (int k = 0; k < Math.min(options.warmupCalls(), timed.size()); k++) {
                int pair = timed.get(k);
                SignalingBench.oneCall(
                        peers.get(2 * pair),
                        peers.get(2 * pair + 1),
                        names.get(2 * pair + 1),
                        0,
                        scratch,
                        scratch,
                        scratch);
            }
            double[] invite = new double[options.calls()];
            double[] accept = new double[options.calls()];
            double[] offerAnswer = new double[options.calls()];
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger taken = new AtomicInteger();
            int c = options.concurrency();
            List<Future<?>> calling = new ArrayList<>();
            for (int w = 0; w < c; w++) {
                int worker = w;
                calling.add(workers.submit(() -> {
                    int[] own = IntStream.range(0, timed.size())
                            .filter(p -> p % c == worker)
                            .map(timed::get)
                            .toArray();
                    int round = 0;
                    int k;
                    while ((k = taken.getAndIncrement()) < options.calls() && System.nanoTime() < deadline) {
                        int pair = own[round++ % own.length];
                        if (SignalingBench.oneCall(
                                peers.get(2 * pair),
                                peers.get(2 * pair + 1),
                                names.get(2 * pair + 1),
                                k,
                                invite,
                                accept,
                                offerAnswer)) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : calling) {
                f.get();
            }
            double[] inv = SignalingBench.completed(invite);
            double[] acc = SignalingBench.completed(accept);
            double[] oa = SignalingBench.completed(offerAnswer);
            LOG.info("{} cross-node calls timed, {} failed", ok.get(), failed.get());

            Kill kill = options.killOne()
                    ? kill(
                            nodes,
                            stopped,
                            peers,
                            names,
                            usable.subList(usable.size() - reserved, usable.size()),
                            deadline)
                    : new Kill(0, 0, Double.NaN, Double.NaN, 0, 0, 0);
            System.gc();
            long heapMb =
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
            return new ClusterBenchResult(
                    n,
                    clients,
                    held,
                    connectSeconds,
                    ok.get(),
                    failed.get(),
                    SignalingBench.percentile(inv, 50),
                    SignalingBench.percentile(inv, 99),
                    SignalingBench.percentile(inv, 100),
                    SignalingBench.percentile(acc, 50),
                    SignalingBench.percentile(acc, 99),
                    SignalingBench.percentile(oa, 50),
                    SignalingBench.percentile(oa, 99),
                    options.killOne(),
                    kill.clients,
                    kill.back,
                    kill.backP50Ms,
                    kill.backMaxMs,
                    kill.calls,
                    kill.survived,
                    kill.survivedElsewhere,
                    heapMb,
                    Runtime.getRuntime().availableProcessors());
        } finally {
            List<Future<?>> closing = new ArrayList<>();
            for (List<Peer> chunk : SignalingBench.chunks(peers, 16)) {
                closing.add(workers.submit(() -> chunk.forEach(p -> p.client.close())));
            }
            for (Future<?> f : closing) {
                try {
                    f.get();
                } catch (Exception e) {
                    LOG.warn("closing bench clients failed: {}", e.toString());
                }
            }
            for (int i = 0; i < nodes.size(); i++) {
                if (!stopped[i]) {
                    nodes.get(i).close();
                }
            }
            if (ownRedis != null) {
                ownRedis.close();
            }
            workers.shutdownNow();
            events.shutdownNow();
            http.shutdownNow();
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(db + suffix));
            }
        }
    }

    private record Kill(
            int clients,
            int back,
            double backP50Ms,
            double backMaxMs,
            int calls,
            int survived,
            int survivedElsewhere) {}

    /** A call kept up across the kill, and whether a party of it was on the killed node. */
    private record Ongoing(
            Peer caller, Peer callee, String callId, Probe callerProbe, Probe calleeProbe, boolean touched) {}

    /**
     * Sets up calls in progress (pairs with a party on node 0, and pairs between two other nodes), stops node 0,
     * waits for its clients to be back elsewhere, then checks that every call still relays SDP and none ended.
     */
    private Kill kill(
            List<SignalingServer> nodes,
            boolean[] stopped,
            List<Peer> peers,
            List<String> names,
            List<Integer> pairs,
            long deadline)
            throws Exception {
        int n = nodes.size();
        List<Ongoing> ongoing = new ArrayList<>();
        int touching = 0;
        int elsewhere = 0;
        for (int pair : pairs) {
            int a = (2 * pair) % n;
            int b = (2 * pair + 1) % n;
            boolean touched = a == 0 || b == 0;
            if ((touched && touching >= options.callsInProgress() / 2 + options.callsInProgress() % 2)
                    || (!touched && elsewhere >= options.callsInProgress() / 2)) {
                continue;
            }
            Peer caller = peers.get(2 * pair);
            Peer callee = peers.get(2 * pair + 1);
            Probe cp = new Probe();
            Probe ep = new Probe();
            caller.probe = cp;
            callee.probe = ep;
            String callId = caller.client.invite(names.get(2 * pair + 1));
            try {
                cp.accepted.get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("a call to keep up across the kill did not start: {}", e.toString());
                continue;
            }
            ongoing.add(new Ongoing(caller, callee, callId, cp, ep, touched));
            if (touched) {
                touching++;
            } else {
                elsewhere++;
            }
        }
        List<Peer> victims = new ArrayList<>();
        for (int i = 0; i < peers.size(); i += n) {
            if (peers.get(i).client.state() == ConnectionState.CONNECTED) {
                victims.add(peers.get(i));
            }
        }
        LOG.info("{} calls in progress; stopping node 0 with {} clients", ongoing.size(), victims.size());
        long killedAt = System.nanoTime();
        nodes.get(0).close();
        stopped[0] = true;
        double[] backMs = new double[victims.size()];
        Arrays.fill(backMs, Double.NaN);
        // Each victim's listener notes when it is connected again (another node resumed its session).
        long waitUntil = Math.min(deadline, killedAt + RESUME_GRACE.toNanos());
        while (System.nanoTime() < waitUntil
                && victims.stream()
                        .anyMatch(v -> v.backNanos < killedAt || v.client.state() != ConnectionState.CONNECTED)) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        int back = 0;
        for (int i = 0; i < victims.size(); i++) {
            Peer v = victims.get(i);
            if (v.backNanos > killedAt && v.client.state() == ConnectionState.CONNECTED) {
                backMs[i] = (v.backNanos - killedAt) / 1e6;
                back++;
            }
        }
        double[] sorted = SignalingBench.completed(
                Arrays.stream(backMs).map(v -> Double.isNaN(v) ? 0 : v).toArray());
        int survived = 0;
        int survivedElsewhere = 0;
        for (Ongoing call : ongoing) {
            call.caller.client.sendOffer(call.callId, "v=0 after the kill");
            boolean relayed;
            try {
                call.callerProbe.answer.get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                relayed = true;
            } catch (Exception e) {
                relayed = false;
            }
            boolean ended = call.callerProbe.ended.isDone() || call.calleeProbe.ended.isDone();
            if (relayed && !ended) {
                survived++;
                if (!call.touched) {
                    survivedElsewhere++;
                }
            }
            call.caller.client.hangUp(call.callId);
            call.caller.probe = null;
            call.callee.probe = null;
        }
        return new Kill(
                victims.size(),
                back,
                SignalingBench.percentile(sorted, 50),
                SignalingBench.percentile(sorted, 100),
                ongoing.size(),
                survived,
                survivedElsewhere);
    }

    private static int connected(List<Peer> peers) {
        return (int) peers.stream()
                .filter(p -> p.client.state() == ConnectionState.CONNECTED)
                .count();
    }
}
