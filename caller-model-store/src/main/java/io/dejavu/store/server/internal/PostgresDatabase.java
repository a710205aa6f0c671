package io.dejavu.store.server.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dejavu.protocol.db.DatabaseLocation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL database shared by any number of store nodes, through a HikariCP pool. Writes run in
 * READ COMMITTED transactions that lock the caller's row first ({@link #lockSelected()}), so
 * publishes for one caller from every node take turns and number their versions without gaps.
 */
final class PostgresDatabase implements StoreDatabase {
    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);

    private final String name;
    private final HikariDataSource pool;
    // As on SQLite: one writer per node at a time, so writers waiting for another node's lock hold
    // one connection, not the whole pool, and downloads keep theirs.
    private final ReentrantLock writeLock = new ReentrantLock(true);

    /**
     * Opens a pool of {@code connections} and checks that the database answers.
     *
     * @param timeout how long a request waits for a free connection or a new one
     * @throws SQLException if the database cannot be reached or refuses the login
     */
    PostgresDatabase(DatabaseLocation.Postgres location, int connections, Duration timeout) throws SQLException {
        this.name = location.toString();
        HikariConfig config = new HikariConfig();
        config.setPoolName("store-db");
        config.setJdbcUrl(location.url());
        location.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setAutoCommit(true);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // Fail at start, with the driver's reason, if the database is unreachable or refuses us.
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "dejavu-store");
        probe(location, timeout);
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new SQLException(rootMessage(e), e);
        }
    }

    /**
     * One plain connection first: an unreachable database or a refused login fails here with the
     * driver's own sentence, instead of a pool start-up error logged with its stack trace.
     */
    private static void probe(DatabaseLocation.Postgres location, Duration timeout) throws SQLException {
        Properties props = new Properties();
        location.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        props.setProperty("loginTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        try (Connection c = new Driver().connect(location.url(), props)) {
            if (c == null) {
                throw new SQLException("not a PostgreSQL URL: " + location);
            }
        }
    }

    /** The pool, for Flyway. */
    DataSource dataSource() {
        return pool;
    }

    @Override
    public <T> T read(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    @Override
    public <T> T write(Work<T> work) throws SQLException {
        writeLock.lock();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.run(c);
                c.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    try {
                        c.rollback();
                    } catch (SQLException e) {
                        log.warn("rollback failed: {}", e.getMessage());
                    }
                }
                c.setAutoCommit(true);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String lockSelected() {
        return " FOR UPDATE";
    }

    @Override
    public String engineCheck(Connection c) {
        // PostgreSQL checks its pages itself (and with data checksums, if the cluster has them).
        return "ok";
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return name;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
