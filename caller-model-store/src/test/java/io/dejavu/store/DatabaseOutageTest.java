package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL going away under a running store: requests answer 503 naming the database, and the
 * store serves again by itself once the database is back, numbering on without a gap.
 */
class DatabaseOutageTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @Test
    void whileTheDatabaseIsDownRequestsGet503AndTheStoreRecoversWithoutARestart() throws Exception {
        DatabaseLocation.Postgres db = PG.newDatabase();
        String name = PostgresServer.name(db);
        try (StoreFixture store =
                        new StoreFixture(db, StoreFixture.newDir("outage"), b -> b.busyTimeout(Duration.ofSeconds(1)));
                ModelStoreClient c = store.client()) {
            ModelBundle v1 = TestModels.random("alice", 1);
            assertEquals(1, c.upload(v1, StoreFixture.ADMIN, true).version());

            // Down: no new connections, and the store's pooled ones cut.
            PG.executeAsAdmin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            PG.executeAsAdmin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");

            HttpResponse<byte[]> down = download(store);
            assertEquals(503, down.statusCode());
            assertTrue(
                    StoreApiTest.error(down).startsWith("the store's database is unavailable"),
                    StoreApiTest.error(down));

            PG.executeAsAdmin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            Await.until(
                    "the store serves again",
                    Duration.ofSeconds(30),
                    () -> download(store).statusCode() == 200);

            assertEquals(
                    v1.sha256(),
                    c.fetch("alice", StoreFixture.ticketFor("bob", "alice")).sha256());
            assertEquals(
                    2,
                    c.upload(TestModels.random("alice", 2), StoreFixture.ADMIN, true)
                            .version());
            assertEquals("ok", store.server.integrityCheck());
        }
    }

    private static HttpResponse<byte[]> download(StoreFixture store) {
        try {
            return store.send(store.request(StoreProtocol.modelPath("alice"))
                    .header("Authorization", "Bearer " + StoreFixture.ADMIN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
