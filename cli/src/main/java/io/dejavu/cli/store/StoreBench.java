package io.dejavu.cli.store;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.ScorerWeights;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.ticket.CallTicket;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the store on loopback: (1) a receiver's call set-up path, fetch + sha256 verify +
 * unpack + ONNX Runtime sessions ready, cold (empty cache) and warm (cached, 304); (2) concurrent
 * download throughput of whole bundles. Server and clients share this JVM and machine.
 *
 * <pre>{@code
 * StoreBench.Result r = new StoreBench(new StoreBench.Settings(30, 8, 10, 16, null)).run();
 * System.out.print(r.table());
 * }</pre>
 */
public final class StoreBench {
    /**
     * @param fetches timed fetches per kind (cold, warm)
     * @param clients concurrent downloaders in the throughput run
     * @param seconds length of the throughput run
     * @param channels enhancer width (sets the model size; 16 is the project default)
     * @param workDir where the database and caches go; {@code null} for a temporary directory
     */
    public record Settings(int fetches, int clients, int seconds, int channels, Path workDir) {
        public Settings {
            if (fetches < 1 || clients < 1 || seconds < 1 || channels < 1) {
                throw new IllegalArgumentException("fetches, clients, seconds and channels must be positive, got "
                        + fetches + ", " + clients + ", " + seconds + ", " + channels);
            }
        }
    }

    /** Numbers in milliseconds unless named otherwise. */
    public record Result(
            long bundleBytes,
            int fetches,
            double coldFetchMedian,
            double coldSessionMedian,
            double coldTotalMedian,
            double coldTotalP90,
            double warmTotalMedian,
            int clients,
            double seconds,
            long downloads,
            double downloadsPerSecond,
            double megabytesPerSecond,
            double downloadP50,
            double downloadP99,
            int cpus) {
        public String table() {
            return String.format(
                    Locale.ROOT,
                    """
                    caller-model store, loopback, %d CPUs; bundle %d bytes (enhancer + scorer + metadata)
                    set-up path (n=%d)                         median ms   p90 ms
                      cold: fetch+verify+unpack                %9.1f
                      cold: ORT sessions ready                 %9.1f
                      cold: total                              %9.1f %8.1f
                      warm (cached, 304): total                %9.1f
                    throughput: %d clients x %.1f s, whole bundles verified
                      downloads %d   %.1f /s   %.1f MB/s   latency p50 %.1f ms  p99 %.1f ms
                    """,
                    cpus,
                    bundleBytes,
                    fetches,
                    coldFetchMedian,
                    coldSessionMedian,
                    coldTotalMedian,
                    coldTotalP90,
                    warmTotalMedian,
                    clients,
                    seconds,
                    downloads,
                    downloadsPerSecond,
                    megabytesPerSecond,
                    downloadP50,
                    downloadP99);
        }

        public String json() {
            ObjectNode n = Json.mapper().valueToTree(this);
            n.put("target_ms", 150);
            return n.toString();
        }
    }

    private final Settings settings;

    public StoreBench(Settings settings) {
        this.settings = settings;
    }

    public Result run() throws IOException, ModelStoreException, OrtException, InterruptedException {
        Path work = settings.workDir() != null
                ? Files.createDirectories(settings.workDir())
                : Files.createTempDirectory("dejavu-store-bench");
        String admin = "bench-admin-" + UUID.randomUUID();
        String secret = "bench-secret-" + UUID.randomUUID();
        ModelBundle bundle = ModelBundle.of(
                new ModelMetadata(
                        "alice",
                        "edsr-y c" + settings.channels() + " b4",
                        10,
                        32,
                        "vp8",
                        150,
                        640,
                        360,
                        Map.of("bench", true),
                        Map.of(),
                        Instant.now(),
                        OperatingRange.derived("vp8", 640, 360, 150)),
                OnnxModels.writeEnhancer(EdsrWeights.random(settings.channels(), 4, 1L)),
                OnnxModels.writeScorer(ScorerWeights.random(2L)));
        Path db = work.resolve("bench-" + UUID.randomUUID() + ".db");
        try (ModelStoreServer server = new ModelStoreServer(
                StoreConfig.builder(db, admin).ticketSecret(secret).build())) {
            server.start();
            TicketKey key = TicketKey.generate();
            String ticket = TicketSigner.fromText(secret)
                    .sign(new CallTicket(
                            "bench", "bob", "alice", Instant.now().plus(Duration.ofHours(1)), key.thumbprint()));
            Credential cred = Credential.ticket(ticket, "bob", key);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            ModelVersion published;
            try (ModelStoreClient adminClient = client(server, work.resolve("admin-cache"))) {
                published = adminClient.upload(bundle, admin, true);
            }
            // Warm the JIT and the HTTP stack the way a running app would be warm.
            for (int i = 0; i < 5; i++) {
                timedFetch(server, work.resolve("warmup-" + i), cred, env);
            }
            double[] fetch = new double[settings.fetches()];
            double[] session = new double[settings.fetches()];
            double[] total = new double[settings.fetches()];
            for (int i = 0; i < settings.fetches(); i++) {
                double[] t = timedFetch(server, work.resolve("cold-" + i), cred, env);
                fetch[i] = t[0];
                session[i] = t[1];
                total[i] = t[0] + t[1];
            }
            double[] warm = new double[settings.fetches()];
            Path warmCache = work.resolve("warm");
            timedFetch(server, warmCache, cred, env);
            for (int i = 0; i < settings.fetches(); i++) {
                double[] t = timedFetch(server, warmCache, cred, env);
                warm[i] = t[0] + t[1];
            }
            return throughput(server, cred, published, bundle.zipSize(), fetch, session, total, warm, work);
        }
    }

    private Result throughput(
            ModelStoreServer server,
            Credential cred,
            ModelVersion published,
            long bundleBytes,
            double[] fetch,
            double[] session,
            double[] total,
            double[] warm,
            Path work)
            throws InterruptedException, IOException {
        AtomicLong downloads = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        List<List<Double>> latencies = new ArrayList<>();
        AtomicInteger threadIds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.clients(), r -> {
            Thread t = new Thread(r, "store-bench-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        long end = start + settings.seconds() * 1_000_000_000L;
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            List<Double> mine = new ArrayList<>();
            latencies.add(mine);
            Path cache = work.resolve("tp-" + c);
            futures.add(pool.submit(() -> {
                try (ModelStoreClient client = client(server, cache)) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            client.download("alice", published.version(), cred);
                            mine.add((System.nanoTime() - t0) / 1e6);
                            downloads.incrementAndGet();
                        } catch (ModelStoreException e) {
                            failures.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("benchmark client failed: " + e.getCause(), e.getCause());
            }
        }
        pool.shutdown();
        double secs = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IOException(failures.get() + " downloads failed during the throughput run");
        }
        double[] all = latencies.stream()
                .flatMap(List::stream)
                .mapToDouble(Double::doubleValue)
                .toArray();
        return new Result(
                bundleBytes,
                settings.fetches(),
                percentile(fetch, 50),
                percentile(session, 50),
                percentile(total, 50),
                percentile(total, 90),
                percentile(warm, 50),
                settings.clients(),
                secs,
                downloads.get(),
                downloads.get() / secs,
                downloads.get() * bundleBytes / secs / 1e6,
                percentile(all, 50),
                percentile(all, 99),
                Runtime.getRuntime().availableProcessors());
    }

    /** One set-up: fetch (into {@code cache}) then open both sessions; returns {fetch ms, session ms}. */
    private static double[] timedFetch(ModelStoreServer server, Path cache, Credential cred, OrtEnvironment env)
            throws ModelStoreException, OrtException {
        try (ModelStoreClient client = client(server, cache)) {
            long t0 = System.nanoTime();
            FetchedModel m = client.fetch("alice", cred);
            long t1 = System.nanoTime();
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                    OrtSession enhancer = env.createSession(m.enhancerOnnx().toString(), o);
                    OrtSession scorer = env.createSession(m.scorerOnnx().toString(), o)) {
                long t2 = System.nanoTime();
                if (enhancer.getNumInputs() != 1 || scorer.getNumInputs() != 1) {
                    throw new IllegalStateException("fetched model does not have the expected inputs");
                }
                return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6};
            }
        }
    }

    private static ModelStoreClient client(ModelStoreServer server, Path cache) {
        return ModelStoreClient.builder(server.uri()).cacheDir(cache).build();
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }
}
