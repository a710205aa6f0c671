package io.dejavu.store.server.internal;

import io.dejavu.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite file opened the way the store needs it: owner-only, WAL, full sync and a busy
 * timeout, with a fixed pool of connections shared by readers and the writer. Writes run in {@code
 * BEGIN IMMEDIATE} transactions so a writer holds SQLite's write lock from its first statement and
 * never fails half-way on a lock upgrade.
 */
final class SqliteDatabase implements StoreDatabase {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    private final String url;
    private final SQLiteConfig config;
    private final BlockingQueue<Connection> pool;
    private final List<Connection> all = new ArrayList<>();
    // SQLite allows one writer; queueing writers here beats spinning in the busy handler. The busy
    // timeout still covers a second process on the same file.
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private volatile boolean closed;

    /** Opens (creating if needed) the file with {@code connections} pooled connections. */
    SqliteDatabase(Path file, int connections, Duration busyTimeout) throws SQLException {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SQLException("cannot create directory " + parent + ": " + e.getMessage(), e);
        }
        createPrivate(file);
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.pool = new ArrayBlockingQueue<>(connections);
        this.config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a publish that returned 201 survives power loss too, not only kill -9.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.enforceForeignKeys(true);
        try {
            for (int i = 0; i < connections; i++) {
                Connection c = config.createConnection(url);
                all.add(c);
                pool.add(c);
            }
        } catch (SQLException e) {
            closeAll();
            throw e;
        }
    }

    /** Creates the file readable by its owner only: it holds personal models. */
    private static void createPrivate(Path file) throws SQLException {
        try {
            PrivateFiles.createOwnerOnly(file);
        } catch (IOException e) {
            throw new SQLException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /** A data source opening connections like the pool's, for Flyway. */
    DataSource dataSource() {
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    /**
     * The schema version the store kept in {@code PRAGMA user_version} before Flyway (0 for a new
     * file).
     */
    int userVersion() throws SQLException {
        return read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    /** Whether the file has this table. */
    boolean hasTable(String name) throws SQLException {
        return read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Records the schema version in {@code PRAGMA user_version} too, so a store from before Flyway refuses a newer file. */
    void setUserVersion(int version) throws SQLException {
        read(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("PRAGMA user_version = " + version);
            }
            return null;
        });
    }

    @Override
    public String lockSelected() {
        return "";
    }

    @Override
    public String engineCheck(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : "no result";
        }
    }

    /** Runs {@code work} in autocommit mode: each statement sees committed data only, and WAL lets it run beside a writer. */
    @Override
    public <T> T read(Work<T> work) throws SQLException {
        Connection c = borrow();
        try {
            return work.run(c);
        } finally {
            pool.offer(c);
        }
    }

    /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction, committed if it returns and rolled back if it throws. */
    @Override
    public <T> T write(Work<T> work) throws SQLException {
        writeLock.lock();
        try {
            Connection c = borrow();
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("BEGIN IMMEDIATE");
                }
                boolean committed = false;
                try {
                    T result = work.run(c);
                    try (Statement s = c.createStatement()) {
                        s.execute("COMMIT");
                    }
                    committed = true;
                    return result;
                } finally {
                    if (!committed) {
                        try (Statement s = c.createStatement()) {
                            s.execute("ROLLBACK");
                        } catch (SQLException e) {
                            log.warn("rollback failed: {}", e.getMessage());
                        }
                    }
                }
            } finally {
                pool.offer(c);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private Connection borrow() throws SQLException {
        if (closed) {
            throw new IllegalStateException("repository " + url + " is closed");
        }
        try {
            Connection c = pool.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (c == null) {
                throw new SQLException("no database connection free within " + BORROW_TIMEOUT_SECONDS + " s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
    }

    @Override
    public String toString() {
        return url;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAll();
    }

    private void closeAll() {
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                log.warn("closing {} failed: {}", url, e.getMessage());
            }
        }
    }
}
