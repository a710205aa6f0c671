package io.dejavu.testing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
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
 * @RegisterExtension static final EmbeddedPostgresServer PG = new EmbeddedPostgresServer();
 * ...
 * String url = PG.newDatabaseUrl("users");   // jdbc:postgresql://localhost:PORT/users_<random>?user=postgres
 * }</pre>
 */
public final class EmbeddedPostgresServer implements AfterAllCallback, AutoCloseable {
    /** What a PostgreSQL JDBC URL starts with. */
    public static final String PREFIX = "jdbc:postgresql://";

    private EmbeddedPostgres postgres;

    /**
     * Creates a new, empty database named {@code prefix_<random>} and returns its name.
     *
     * @param prefix lower-case letters, digits or '_'
     */
    public synchronized String newDatabase(String prefix) {
        String name =
                prefix + "_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        try {
            executeAsAdmin("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** A new, empty database's JDBC URL, the user in its parameters (no password: the server trusts). */
    public String newDatabaseUrl(String prefix) {
        return url(newDatabase(prefix));
    }

    /** The JDBC URL of a database on this server. */
    public synchronized String url(String database) {
        return PREFIX + "localhost:" + server().getPort() + "/" + database + "?user=postgres";
    }

    /** The server's port (starting it if needed). */
    public synchronized int port() {
        return server().getPort();
    }

    /** Runs SQL as the superuser in the database at {@code url}. */
    public static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
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

    /** The database name in a URL made by {@link #url(String)}. */
    public static String databaseName(String url) {
        int query = url.indexOf('?');
        return url.substring(url.lastIndexOf('/') + 1, query < 0 ? url.length() : query);
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
    public void afterAll(ExtensionContext context) throws IOException {
        close();
    }

    /** Stops the server (outside JUnit, e.g. a measurement's main); a later request starts a new one. */
    @Override
    public synchronized void close() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
