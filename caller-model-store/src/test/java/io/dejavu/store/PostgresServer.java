package io.dejavu.store;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.testing.postgres.Backend;
import io.dejavu.testing.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared {@link EmbeddedPostgresServer} (module postgres-test-support) in the store's terms: a
 * fresh {@link DatabaseLocation} per test, SQLite or PostgreSQL; stopped after the class.
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresServer PG = new PostgresServer();
 * ...
 * DatabaseLocation db = PG.database(backend, dir);   // a SQLite file under dir, or a new PostgreSQL database
 * }</pre>
 */
public final class PostgresServer implements AfterAllCallback {
    private final EmbeddedPostgresServer server = new EmbeddedPostgresServer();

    /** A fresh, empty database of this backend: {@code dir/store.db}, or a new PostgreSQL database. */
    public DatabaseLocation database(Backend backend, Path dir) {
        return switch (backend) {
            case SQLITE -> DatabaseLocation.sqlite(dir.resolve("store.db"));
            case POSTGRES -> newDatabase();
        };
    }

    /** A new, empty PostgreSQL database. */
    public DatabaseLocation.Postgres newDatabase() {
        return new DatabaseLocation.Postgres(server.newDatabaseUrl("store"), Optional.empty());
    }

    /** The JDBC URL of a database on this server. */
    public String url(String database) {
        return server.url(database);
    }

    /** Runs SQL as the superuser in {@code database}. */
    public void execute(DatabaseLocation.Postgres database, String sql) throws SQLException {
        EmbeddedPostgresServer.execute(database.url(), sql);
    }

    /** Runs SQL as the superuser in the server's {@code postgres} database. */
    public void executeAsAdmin(String sql) throws SQLException {
        server.executeAsAdmin(sql);
    }

    /** The database name in a location made by {@link #newDatabase()}. */
    public static String name(DatabaseLocation.Postgres database) {
        return EmbeddedPostgresServer.databaseName(database.url());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.afterAll(context);
    }
}
