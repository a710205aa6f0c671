package io.dejavu.store;

import io.dejavu.store.server.DatabaseLocation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL (zonky's embedded binaries, a Maven artifact: nothing is downloaded at test
 * time) on a random port, started the first time a test of the class asks for a database and
 * stopped after the class. Each test gets a database of its own. PostgreSQL refuses to run as root
 * (CI): {@link RootSafeBinaries} says how it runs there.
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresServer PG = new PostgresServer();
 * ...
 * DatabaseLocation db = PG.database(backend, dir);   // a SQLite file under dir, or a new PostgreSQL database
 * }</pre>
 */
public final class PostgresServer implements AfterAllCallback {
    private EmbeddedPostgres postgres;

    /** A fresh, empty database of this backend: {@code dir/store.db}, or a new PostgreSQL database. */
    public synchronized DatabaseLocation database(Backend backend, Path dir) {
        return switch (backend) {
            case SQLITE -> DatabaseLocation.sqlite(dir.resolve("store.db"));
            case POSTGRES -> newDatabase();
        };
    }

    /** A new, empty PostgreSQL database. */
    public synchronized DatabaseLocation.Postgres newDatabase() {
        String name = "store_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return new DatabaseLocation.Postgres(url(name), Optional.empty());
    }

    /** The JDBC URL of a database on this server. */
    public synchronized String url(String database) {
        return DatabaseLocation.POSTGRES_PREFIX + "localhost:" + server().getPort() + "/" + database + "?user=postgres";
    }

    /** Runs SQL as the superuser in {@code database}. */
    public void execute(DatabaseLocation.Postgres database, String sql) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(database.url());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs SQL as the superuser in the server's {@code postgres} database. */
    public synchronized void executeAsAdmin(String sql) throws SQLException {
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The database name in a location made by {@link #newDatabase()}. */
    public static String name(DatabaseLocation.Postgres database) {
        String url = database.url();
        return url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
    }

    private EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = RootSafeBinaries.configure(EmbeddedPostgres.builder())
                        .setServerConfig("max_connections", "100")
                        .setServerConfig("fsync", "on")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start: " + e.getMessage(), e);
            }
        }
        return postgres;
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
