package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uploads and downloads at once: every download is a whole published version, and the latest wins. */
class ConcurrencyTest {
    private static final int UPLOADERS = 3;
    private static final int UPLOADS_EACH = 4;
    private static final int DOWNLOADERS = 4;

    private StoreFixture store;
    private ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        // Its uploaders all come from loopback; let them all in at once.
        store = new StoreFixture(b -> b.uploadLimits(6, 6));
        AtomicInteger ids = new AtomicInteger();
        pool = Executors.newFixedThreadPool(
                UPLOADERS + DOWNLOADERS + 2, r -> new Thread(r, "concurrency-test-" + ids.incrementAndGet()));
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        store.close();
    }

    @Test
    void concurrentUploadsAndDownloadsSeeOnlyWholePublishedVersionsAndAConsistentLatest() throws Exception {
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

    @Test
    void twoStoresOnOneFileNeverHandOutTheSameVersionTwice() throws Exception {
        // Each store queues its own writers, so the two meet only in SQLite: BEGIN IMMEDIATE and the
        // busy timeout must serialise them.
        try (StoreFixture other = new StoreFixture(store.dir, b -> b)) {
            Map<Integer, String> published = new ConcurrentHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> uploaders = new ArrayList<>();
            for (StoreFixture s : List.of(store, other)) {
                for (int t = 0; t < 2; t++) {
                    int base = (s == store ? 0 : 500) + t * 100;
                    uploaders.add(pool.submit(() -> {
                        go.await();
                        try (ModelStoreClient c = s.client()) {
                            for (int i = 0; i < 3; i++) {
                                ModelVersion v =
                                        c.upload(TestModels.random("alice", base + i), StoreFixture.ADMIN, true);
                                String before = published.putIfAbsent(v.version(), v.sha256());
                                assertEquals(null, before, "v" + v.version() + " was handed out twice");
                            }
                        }
                        return null;
                    }));
                }
            }
            go.countDown();
            for (Future<?> f : uploaders) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertEquals(
                    IntStream.rangeClosed(1, 12).boxed().toList(),
                    published.keySet().stream().sorted().toList());
            try (ModelStoreClient c = other.client()) {
                assertEquals(12, c.active("alice", StoreFixture.ADMIN).version());
                c.versions("alice", StoreFixture.ADMIN)
                        .forEach(v -> assertEquals(published.get(v.version()), v.sha256()));
            }
        }
    }
}
