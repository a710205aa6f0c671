package io.dejavu.cli.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.PostgresServer;
import io.dejavu.store.StoreFixture;
import io.dejavu.store.TestModels;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import io.dejavu.testing.Await;
import io.dejavu.testing.postgres.Backend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 of a store process (a child JVM running {@code StoreCli store}) in the middle of a
 * publish loses nothing that was published before, and leaves no half-written version: on a SQLite
 * file and on PostgreSQL.
 */
class CrashSafetyTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private record Child(Process process, URI uri, Path log) {}

    private Child startStore(DatabaseLocation db, Path dir, long commitDelayMs) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = Files.createTempFile(dir, "store-", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        cp,
                        StoreCli.class.getName(),
                        "store",
                        "--port",
                        "0",
                        "--db",
                        db instanceof DatabaseLocation.Postgres pg ? pg.url() : db.toString(),
                        "--admin-token",
                        StoreFixture.ADMIN,
                        "--ticket-secret",
                        StoreFixture.SECRET,
                        "--debug-commit-delay-ms",
                        Long.toString(commitDelayMs))
                .redirectError(log.toFile());
        Process p = pb.start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (IOException e) {
                        return null;
                    }
                })
                .get(60, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("http://")) {
            fail("child store did not print its URL; got " + line + "; log:\n" + Files.readString(log));
        }
        return new Child(p, URI.create(line.trim()), log);
    }

    private static ModelStoreClient client(URI uri) throws IOException {
        return ModelStoreClient.builder(uri)
                .cacheDir(StoreFixture.newDir("cache"))
                .retries(0)
                .requestTimeout(Duration.ofSeconds(60))
                .build();
    }

    private static void kill9(Child c) throws InterruptedException {
        c.process().destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no clean close
        assertTrue(c.process().waitFor(10, TimeUnit.SECONDS), "child store did not die");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void killDuringThePublishTransactionKeepsPublishedVersionsAndNoHalfVersion(Backend backend) throws Exception {
        Path dir = StoreFixture.newDir("crash");
        DatabaseLocation db = PG.database(backend, dir);
        ModelBundle v1 = TestModels.random("alice", 1);
        ModelBundle v2 = TestModels.random("alice", 2);
        Child first = startStore(db, dir, 0);
        try (ModelStoreClient c = client(first.uri())) {
            assertEquals(1, c.upload(v1, StoreFixture.ADMIN, true).version());
            assertEquals(2, c.upload(v2, StoreFixture.ADMIN, true).version());
        }
        kill9(first);

        // Second store pauses inside each publish transaction, so the kill lands mid-transaction.
        Child second = startStore(db, dir, 60_000);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread uploader = new Thread(
                () -> {
                    try (ModelStoreClient c = client(second.uri())) {
                        outcome.set(c.upload(TestModels.random("alice", 3), StoreFixture.ADMIN, true));
                    } catch (ModelStoreException | IOException e) {
                        outcome.set(e);
                    }
                },
                "crash-test-uploader");
        uploader.start();
        Await.until(
                "the child store logs an open publish transaction",
                Duration.ofSeconds(60),
                () -> logContains(second.log(), "transaction open"));
        kill9(second);
        uploader.join(30_000);
        assertTrue(outcome.get() instanceof ModelStoreException, "the interrupted upload must fail, got " + outcome);

        try (StoreFixture reopened = new StoreFixture(db, dir, b -> b);
                ModelStoreClient c = reopened.client()) {
            assertEquals("ok", reopened.server.integrityCheck());
            List<ModelVersion> versions = c.versions("alice", StoreFixture.ADMIN);
            assertEquals(
                    List.of(1, 2), versions.stream().map(ModelVersion::version).toList());
            assertEquals(v2.sha256(), c.active("alice", StoreFixture.ADMIN).sha256());
            assertEquals(
                    v1.sha256(), c.download("alice", 1, StoreFixture.admin()).sha256());
            assertEquals(
                    v2.sha256(),
                    c.fetch("alice", StoreFixture.ticketFor("bob", "alice")).sha256());
            assertEquals(
                    3,
                    c.upload(TestModels.random("alice", 4), StoreFixture.ADMIN, true)
                            .version(),
                    "the lost transaction must not have used up version 3");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void killDuringAnUploadBurstKeepsEveryAcknowledgedVersion(Backend backend) throws Exception {
        Path dir = StoreFixture.newDir("crash-burst");
        DatabaseLocation db = PG.database(backend, dir);
        Child store = startStore(db, dir, 0);
        Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
        Thread uploader = new Thread(
                () -> {
                    try (ModelStoreClient c = client(store.uri())) {
                        for (int i = 0; ; i++) {
                            ModelVersion v = c.upload(TestModels.random("alice", 100 + i), StoreFixture.ADMIN, true);
                            acknowledged.put(v.version(), v.sha256());
                        }
                    } catch (ModelStoreException | IOException e) {
                        // the kill ends the loop
                    }
                },
                "crash-burst-uploader");
        uploader.start();
        Await.until("4 uploads acknowledged", Duration.ofSeconds(60), () -> acknowledged.size() >= 4);
        kill9(store);
        uploader.join(30_000);
        assertFalse(uploader.isAlive());
        assertTrue(acknowledged.size() >= 4, "expected some uploads before the kill, got " + acknowledged.size());

        try (StoreFixture reopened = new StoreFixture(db, dir, b -> b);
                ModelStoreClient c = reopened.client()) {
            assertEquals("ok", reopened.server.integrityCheck());
            List<ModelVersion> versions = c.versions("alice", StoreFixture.ADMIN);
            for (Map.Entry<Integer, String> e : acknowledged.entrySet()) {
                assertEquals(e.getValue(), versions.get(e.getKey() - 1).sha256(), "acknowledged v" + e.getKey());
            }
            for (ModelVersion v : versions) {
                assertEquals(
                        v.sha256(),
                        c.download("alice", v.version(), StoreFixture.admin()).sha256());
            }
            int latest = versions.get(versions.size() - 1).version();
            assertEquals(latest, c.active("alice", StoreFixture.ADMIN).version());
            assertTrue(latest
                    >= acknowledged.keySet().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElseThrow());
        }
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
