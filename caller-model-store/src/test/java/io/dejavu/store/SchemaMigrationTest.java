package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.Json;
import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.StoreConfig;
import io.dejavu.testing.postgres.Backend;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The schema is Flyway's on both databases, and store files from before Flyway upgrade in place. */
class SchemaMigrationTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @Test
    void aFileOfSchemaTwoFromBeforeFlywayIsBaselinedAndKeepsItsVersions() throws Exception {
        Path dir = StoreFixture.newDir("pre-flyway-2");
        List<ModelBundle> alice =
                List.of(TestModels.random("alice", 1), TestModels.random("alice", 2), TestModels.random("alice", 3));
        ModelBundle bob = TestModels.random("bob", 1);
        try (PreFlywayStoreFile old = new PreFlywayStoreFile(dir.resolve("store.db"), 2)) {
            old.publish("alice", alice.get(0), true, null);
            old.publish("alice", alice.get(1), true, "alice-key");
            old.publish("alice", alice.get(2), false, null); // staged, not active
            old.publish("bob", bob, true, "bob-key");
        }

        try (StoreFixture store = new StoreFixture(dir, b -> b);
                ModelStoreClient c = store.client()) {
            assertEquals("ok", store.server.integrityCheck());
            List<ModelVersion> versions = c.versions("alice", StoreFixture.ADMIN);
            assertEquals(
                    List.of(1, 2, 3),
                    versions.stream().map(ModelVersion::version).toList());
            for (int i = 0; i < alice.size(); i++) {
                assertEquals(alice.get(i).sha256(), versions.get(i).sha256());
                assertEquals(
                        alice.get(i).sha256(),
                        c.download("alice", i + 1, StoreFixture.admin()).sha256());
            }
            assertEquals(2, c.active("alice", StoreFixture.ADMIN).version(), "the staged v3 stays staged");
            assertEquals(
                    bob.sha256(),
                    c.fetch("bob", StoreFixture.ticketFor("alice", "bob")).sha256());

            HttpResponse<byte[]> retried = upload(store, "bob", bob.toZip(), "bob-key");
            assertEquals(201, retried.statusCode());
            assertEquals(1, version(retried), "a key stored before the upgrade still finds its version");
            assertEquals(
                    4,
                    c.upload(TestModels.random("alice", 4), StoreFixture.ADMIN, true)
                            .version());
        }
        assertEquals(List.of("2:BASELINE", "3:SQL", "4:SQL"), history(dir.resolve("store.db")));

        try (StoreFixture again = new StoreFixture(dir, b -> b);
                ModelStoreClient c = again.client()) {
            assertEquals(4, c.versions("alice", StoreFixture.ADMIN).size(), "opened again, nothing re-applied");
        }
        assertEquals(List.of("2:BASELINE", "3:SQL", "4:SQL"), history(dir.resolve("store.db")));
    }

    @Test
    void aFileOfSchemaOneFromBeforeFlywayGetsTheIdempotencyKey() throws Exception {
        Path dir = StoreFixture.newDir("pre-flyway-1");
        ModelBundle first = TestModels.random("alice", 1);
        try (PreFlywayStoreFile old = new PreFlywayStoreFile(dir.resolve("store.db"), 1)) {
            old.publish("alice", first, true, null);
        }

        try (StoreFixture store = new StoreFixture(dir, b -> b)) {
            byte[] zip = TestModels.random("alice", 2).toZip();
            assertEquals(2, version(upload(store, "alice", zip, "key-2")));
            assertEquals(2, version(upload(store, "alice", zip, "key-2")));
            try (ModelStoreClient c = store.client()) {
                assertEquals(
                        first.sha256(),
                        c.download("alice", 1, StoreFixture.admin()).sha256());
            }
            assertEquals("ok", store.server.integrityCheck());
        }
        assertEquals(List.of("1:BASELINE", "2:SQL", "3:SQL", "4:SQL"), history(dir.resolve("store.db")));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aDatabaseMigratedByANewerStoreIsRefused(Backend backend) throws Exception {
        Path dir = StoreFixture.newDir("newer-flyway");
        DatabaseLocation db = PG.database(backend, dir);
        new StoreFixture(db, dir, b -> b).close();
        String future = "INSERT INTO flyway_schema_history(installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success)"
                + " VALUES (99, '5', 'from a newer store', 'SQL', 'V5__future.sql', 0, 'test', 1, TRUE)";
        if (db instanceof DatabaseLocation.Postgres pg) {
            PG.execute(pg, future);
        } else {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
                    Statement s = c.createStatement()) {
                s.executeUpdate(future);
            }
        }

        try (ModelStoreServer server =
                new ModelStoreServer(StoreConfig.builder(db, StoreFixture.ADMIN).build())) {
            IOException e = assertThrows(IOException.class, server::start);

            assertEquals(
                    "cannot open store database " + db
                            + ": database schema version 5 is newer than this store (4); use a newer store",
                    e.getMessage());
        }
    }

    @Test
    void twoNodesStartingAtOnceOnAnEmptyPostgresDatabaseMigrateItOnce() throws Exception {
        DatabaseLocation.Postgres db = PG.newDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<StoreFixture> started = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<StoreFixture>> nodes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                nodes.add(pool.submit(() -> {
                    go.await();
                    return new StoreFixture(db, StoreFixture.newDir("node"), b -> b);
                }));
            }
            go.countDown();
            for (Future<StoreFixture> node : nodes) {
                started.add(node.get(120, TimeUnit.SECONDS));
            }
            try (ModelStoreClient c = started.get(0).client()) {
                assertEquals(
                        1,
                        c.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true)
                                .version());
            }
            try (ModelStoreClient c = started.get(1).client()) {
                assertEquals(1, c.active("alice", StoreFixture.ADMIN).version());
            }
        } finally {
            started.forEach(StoreFixture::close);
            pool.shutdownNow();
        }
        List<String> applied = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            while (rs.next()) {
                applied.add(rs.getString(1));
            }
        }
        assertEquals(List.of("1", "2", "3", "4"), applied);
    }

    @Test
    void aPostgresPasswordIsNeverShown() {
        DatabaseLocation db = DatabaseLocation.parse(
                "jdbc:postgresql://db.example:5432/store?user=dejavu&password=hunter2&ssl=true",
                java.util.Optional.empty());

        assertEquals("jdbc:postgresql://db.example:5432/store?user=dejavu&password=***&ssl=true", db.toString());
        assertTrue(db instanceof DatabaseLocation.Postgres);
    }

    private static List<String> history(Path file) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT version, type FROM flyway_schema_history ORDER BY installed_rank")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + rs.getString(2));
            }
        }
        return out;
    }

    private static HttpResponse<byte[]> upload(StoreFixture store, String caller, byte[] zip, String key)
            throws Exception {
        return store.send(store.request(StoreProtocol.versionsPath(caller))
                .header("Authorization", "Bearer " + StoreFixture.ADMIN)
                .header("Content-Type", StoreProtocol.BUNDLE_MEDIA_TYPE)
                .header(StoreProtocol.HEADER_IDEMPOTENCY_KEY, key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
    }

    private static int version(HttpResponse<byte[]> resp) throws Exception {
        assertEquals(201, resp.statusCode(), new String(resp.body()));
        return Json.mapper().readTree(resp.body()).path("version").asInt();
    }
}
