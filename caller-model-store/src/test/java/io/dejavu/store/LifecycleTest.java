package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.StoreConfig;
import io.dejavu.testing.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    @Test
    void closingTheServerStopsItsThreadsAndRefusesFurtherUse() throws Exception {
        StoreFixture store = new StoreFixture();
        try (ModelStoreClient c = store.client()) {
            c.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
            c.fetch("alice", StoreFixture.ticketFor("bob", "alice"));
        }
        assertTrue(storeThreads().size() > 0, "the running store has named HTTP threads");

        store.close();

        Await.until("the closed store's HTTP threads end", Duration.ofSeconds(5), () -> storeThreads()
                .isEmpty());
        assertEquals(List.of(), storeThreads());
        assertThrows(IllegalStateException.class, store.server::start);
        assertThrows(IllegalStateException.class, store.server::uri);
    }

    @Test
    void aPortInUseGivesAClearError() throws Exception {
        try (StoreFixture first = new StoreFixture()) {
            Path db = StoreFixture.newDir("second").resolve("store.db");
            try (ModelStoreServer second = new ModelStoreServer(StoreConfig.builder(db, StoreFixture.ADMIN)
                    .port(first.uri.getPort())
                    .build())) {
                IOException e = assertThrows(IOException.class, second::start);

                assertTrue(
                        e.getMessage().startsWith("store could not start on 127.0.0.1:" + first.uri.getPort()),
                        e.getMessage());
            }
        }
    }

    @Test
    void aDatabaseFromANewerStoreIsRefusedAndLeftAsItIs() throws Exception {
        Path db = StoreFixture.newDir("newer").resolve("store.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA user_version = 5");
        }

        try (ModelStoreServer server =
                new ModelStoreServer(StoreConfig.builder(db, StoreFixture.ADMIN).build())) {
            IOException e = assertThrows(IOException.class, server::start);

            assertEquals(
                    "cannot open store database " + db
                            + ": database schema version 5 is newer than this store (4); use a newer store",
                    e.getMessage());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertEquals(5, rs.getInt(1));
        }
    }

    @Test
    void aClosedClientRefusesUse() throws Exception {
        try (StoreFixture store = new StoreFixture()) {
            ModelStoreClient c = store.client();
            c.close();

            assertThrows(IllegalStateException.class, () -> c.fetch("alice", StoreFixture.admin()));
        }
    }

    private static List<String> storeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("store-http"))
                .toList();
    }
}
