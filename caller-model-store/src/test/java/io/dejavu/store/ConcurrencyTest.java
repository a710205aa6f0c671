package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.server.StoreConfig;
import io.dejavu.testing.postgres.Backend;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Uploads and downloads at once, on SQLite and on PostgreSQL: every download is a whole published
 * version, the latest wins, and versions are numbered without gaps however many store nodes share
 * the database.
 */
class ConcurrencyTest {
    private static final int UPLOADERS = 3;
    private static final int UPLOADS_EACH = 4;
    private static final int DOWNLOADERS = 4;
    private static final int PARALLEL_UPLOADS = 20;

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private final List<StoreFixture> stores = new ArrayList<>();
    private ExecutorService pool;

    @BeforeEach
    void start() {
        AtomicInteger ids = new AtomicInteger();
        pool = Executors.newFixedThreadPool(
                PARALLEL_UPLOADS + 2, r -> new Thread(r, "concurrency-test-" + ids.incrementAndGet()));
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        stores.forEach(StoreFixture::close);
    }

    private StoreFixture store(DatabaseLocation db, Path dir, UnaryOperator<StoreConfig.Builder> config)
            throws IOException {
        StoreFixture s = new StoreFixture(db, dir, config);
        stores.add(s);
        return s;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentUploadsAndDownloadsSeeOnlyWholePublishedVersionsAndAConsistentLatest(Backend backend)
            throws Exception {
        Path dir = StoreFixture.newDir("concurrency");
        // Its uploaders all come from loopback; let them all in at once.
        StoreFixture store = store(PG.database(backend, dir), dir, b -> b.uploadLimits(6, 6));
        Map<Integer, String> published = new ConcurrentHashMap<>();
        Map<Integer, String> seen = new ConcurrentHashMap<>();
        AtomicBoolean uploading = new AtomicBoolean(true);
        AtomicInteger downloads = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (ModelStoreClient seed = store.client()) {
            published.put(
                    1,
                    seed.upload(TestModels.random("alice", 1000), StoreFixture.ADMIN, true)
                            .sha256());
        }

        List<Future<?>> uploaders = new ArrayList<>();
        for (int u = 0; u < UPLOADERS; u++) {
            int base = u * 100;
            uploaders.add(pool.submit(() -> {
                go.await();
                try (ModelStoreClient c = store.client()) {
                    for (int i = 0; i < UPLOADS_EACH; i++) {
                        ModelBundle b = TestModels.random("alice", base + i);
                        ModelVersion v = c.upload(b, StoreFixture.ADMIN, true);
                        assertEquals(b.sha256(), v.sha256());
                        published.put(v.version(), v.sha256());
                    }
                }
                return null;
            }));
        }
        List<Future<?>> downloaders = new ArrayList<>();
        for (int d = 0; d < DOWNLOADERS; d++) {
            downloaders.add(pool.submit(() -> {
                go.await();
                int last = 0;
                do {
                    HttpResponse<byte[]> r = store.send(store.request(StoreProtocol.modelPath("alice"))
                            .header("Authorization", "Bearer " + StoreFixture.ADMIN));
                    assertEquals(200, r.statusCode());
                    int version = Integer.parseInt(
                            r.headers().firstValue(StoreProtocol.HEADER_VERSION).orElseThrow());
                    String sha =
                            r.headers().firstValue(StoreProtocol.HEADER_SHA256).orElseThrow();
                    assertEquals(sha, ModelBundle.sha256Hex(r.body()), "body must match its announced hash");
                    ModelBundle.fromZip(r.body(), Long.MAX_VALUE); // a whole, parseable bundle
                    assertTrue(version >= last, "active version went back from " + last + " to " + version);
                    last = version;
                    String before = seen.putIfAbsent(version, sha);
                    assertTrue(before == null || before.equals(sha), "v" + version + " changed its bytes");
                    downloads.incrementAndGet();
                } while (uploading.get());
                return null;
            }));
        }
        // Two fetchers sharing one cache directory, as two app windows on one machine would.
        Path sharedCache = StoreFixture.newDir("shared-cache");
        List<Future<?>> fetchers = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            fetchers.add(pool.submit(() -> {
                go.await();
                try (ModelStoreClient c = store.client(sharedCache)) {
                    do {
                        FetchedModel m = c.fetch("alice", StoreFixture.ticketFor("bob", "alice"));
                        assertTrue(Files.isRegularFile(m.enhancerOnnx()));
                        assertEquals(
                                m.sha256(),
                                ModelBundle.sha256Hex(
                                        Files.readAllBytes(m.directory().resolve("bundle.zip"))));
                    } while (uploading.get());
                }
                return null;
            }));
        }

        go.countDown();
        for (Future<?> f : uploaders) {
            f.get(120, TimeUnit.SECONDS);
        }
        uploading.set(false);
        for (Future<?> f : downloaders) {
            f.get(60, TimeUnit.SECONDS);
        }
        for (Future<?> f : fetchers) {
            f.get(60, TimeUnit.SECONDS);
        }

        int total = 1 + UPLOADERS * UPLOADS_EACH;
        assertEquals(
                IntStream.rangeClosed(1, total).boxed().toList(),
                published.keySet().stream().sorted().toList(),
                "versions must be 1..n with no gaps or repeats");
        seen.forEach(
                (v, sha) -> assertEquals(published.get(v), sha, "downloaded v" + v + " is not what was published"));
        assertTrue(downloads.get() > 0);
        try (ModelStoreClient c = store.client()) {
            List<ModelVersion> versions = c.versions("alice", StoreFixture.ADMIN);
            assertEquals(total, versions.size());
            versions.forEach(v -> assertEquals(published.get(v.version()), v.sha256()));
            ModelVersion active = c.active("alice", StoreFixture.ADMIN);
            assertEquals(total, active.version(), "the last published version must be active");
            assertEquals(published.get(total), active.sha256());
        }
        assertEquals("ok", store.server.integrityCheck());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twentyParallelUploadsThroughTwoStoresOnOneDatabaseGetVersionsOneToTwenty(Backend backend) throws Exception {
        // Each store queues its own writers, so the two meet only in the database: SQLite's BEGIN
        // IMMEDIATE and busy timeout, or PostgreSQL's lock on the caller's row.
        Path dir = StoreFixture.newDir("two-stores");
        DatabaseLocation db = PG.database(backend, dir);
        UnaryOperator<StoreConfig.Builder> roomy =
                b -> b.httpThreads(2 * PARALLEL_UPLOADS + 4).uploadLimits(PARALLEL_UPLOADS, PARALLEL_UPLOADS);
        List<StoreFixture> both = List.of(store(db, dir, roomy), store(db, dir, roomy));
        Map<Integer, String> published = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> uploaders = new ArrayList<>();
        for (int u = 0; u < PARALLEL_UPLOADS; u++) {
            StoreFixture s = both.get(u % 2);
            ModelBundle bundle = TestModels.random("alice", u);
            uploaders.add(pool.submit(() -> {
                // No retries: each upload must succeed at its first attempt. With them, an upload
                // refused by the primary key (two nodes taking the same number) would be retried
                // and the locking never tested.
                try (ModelStoreClient c = ModelStoreClient.builder(s.uri)
                        .cacheDir(StoreFixture.newDir("cache"))
                        .retries(0)
                        .build()) {
                    go.await();
                    ModelVersion v = c.upload(bundle, StoreFixture.ADMIN, true);
                    assertEquals(bundle.sha256(), v.sha256());
                    String before = published.putIfAbsent(v.version(), v.sha256());
                    assertEquals(null, before, "v" + v.version() + " was handed out twice");
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : uploaders) {
            f.get(180, TimeUnit.SECONDS);
        }
        assertEquals(
                IntStream.rangeClosed(1, PARALLEL_UPLOADS).boxed().toList(),
                published.keySet().stream().sorted().toList(),
                "versions must be 1..20 with no gaps or repeats");
        for (StoreFixture s : both) {
            try (ModelStoreClient c = s.client()) {
                assertEquals(
                        PARALLEL_UPLOADS, c.active("alice", StoreFixture.ADMIN).version());
                List<ModelVersion> versions = c.versions("alice", StoreFixture.ADMIN);
                assertEquals(PARALLEL_UPLOADS, versions.size());
                versions.forEach(v -> assertEquals(published.get(v.version()), v.sha256()));
            }
            assertEquals("ok", s.server.integrityCheck());
        }
    }
}
