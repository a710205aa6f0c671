package io.dejavu.store.server.internal;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.CallerSummary;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Model versions in one SQLite file (WAL, full sync, busy timeout). A publish is one {@code BEGIN
 * IMMEDIATE} transaction that inserts the bundle and moves the caller's counter and active pointer
 * together, so a reader sees a version whole or not at all, and a process killed mid-publish
 * leaves exactly the versions that were committed before.
 *
 * <p>Bundles are read and written as byte arrays: sqlite-jdbc does not implement {@code getBlob}.
 */
public final class SqliteModelRepository implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteModelRepository.class);
    private static final int SCHEMA_VERSION = 1;

    /** A stored version without its bundle bytes. */
    public record Head(String caller, int version, String sha256, long size, String metadataJson, Instant uploadedAt) {}

    /** An operation on a version or caller the store does not have. */
    public static final class NotFoundException extends Exception {
        private static final long serialVersionUID = 1L;

        public NotFoundException(String message) {
            super(message);
        }
    }

    private final String url;
    private final BlockingQueue<Connection> pool;
    private final List<Connection> all = new ArrayList<>();
    // SQLite allows one writer; queueing writers here beats spinning in the busy handler. The busy
    // timeout still covers a second process on the same file.
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Duration commitDelay;
    private volatile boolean closed;

    /**
     * Opens (creating if needed) the database.
     *
     * @param connections size of the connection pool (readers and the writer share it)
     * @param commitDelay fault-injection pause inside a publish transaction, for crash tests; zero
     *     in production
     */
    public SqliteModelRepository(Path file, int connections, Duration busyTimeout, Duration commitDelay)
            throws SQLException {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
        this.commitDelay = commitDelay;
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create directory " + parent + ": " + e.getMessage(), e);
        }
        createPrivate(file);
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.pool = new ArrayBlockingQueue<>(connections);
        SQLiteConfig config = new SQLiteConfig();
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
            migrate();
        } catch (SQLException e) {
            closeAll();
            throw e;
        }
    }

    /**
     * Creates the file readable by its owner only: it holds personal models. SQLite gives its WAL
     * and shared-memory files the same permissions.
     */
    private static void createPrivate(Path file) throws SQLException {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(
                    file,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; SQLite creates the file with the platform's defaults
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // created meanwhile by another store
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException {
        withWrite(c -> {
            try (Statement s = c.createStatement()) {
                int version;
                try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > SCHEMA_VERSION) {
                    throw new SQLException("database schema version " + version + " is newer than this store ("
                            + SCHEMA_VERSION + "); use a newer store");
                }
                if (version < 1) {
                    s.executeUpdate("CREATE TABLE IF NOT EXISTS callers("
                            + "name TEXT PRIMARY KEY, last_version INTEGER NOT NULL, active_version INTEGER)");
                    s.executeUpdate("CREATE TABLE IF NOT EXISTS versions("
                            + "caller TEXT NOT NULL REFERENCES callers(name), version INTEGER NOT NULL,"
                            + " sha256 TEXT NOT NULL, size INTEGER NOT NULL, metadata TEXT NOT NULL,"
                            + " uploaded_at TEXT NOT NULL, bundle BLOB NOT NULL, PRIMARY KEY(caller, version))");
                    s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
                }
            }
            return null;
        });
    }

    /** The caller's active version, if any. */
    public Optional<Head> activeHead(String caller) throws SQLException {
        return withRead(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT v.caller, v.version, v.sha256, v.size, v.metadata,"
                    + " v.uploaded_at FROM callers c JOIN versions v ON v.caller = c.name AND v.version ="
                    + " c.active_version WHERE c.name = ?")) {
                ps.setString(1, caller);
                return one(ps);
            }
        });
    }

    /** One version of a caller, active or not. */
    public Optional<Head> head(String caller, int version) throws SQLException {
        return withRead(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT caller, version, sha256, size, metadata, uploaded_at"
                    + " FROM versions WHERE caller = ? AND version = ?")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                return one(ps);
            }
        });
    }

    /** The bundle bytes of a version, empty if it was deleted meanwhile. */
    public Optional<byte[]> bundle(String caller, int version) throws SQLException {
        return withRead(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT bundle FROM versions WHERE caller = ? AND version = ?")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Stores a validated bundle as the caller's next version, and makes it active if asked, in one
     * transaction.
     */
    public ModelVersion publish(
            String caller,
            byte[] zip,
            String sha256,
            ModelMetadata metadata,
            String metadataJson,
            boolean activate,
            Instant now)
            throws SQLException {
        return withWrite(c -> {
            int version;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_version FROM callers WHERE name = ?")) {
                ps.setString(1, caller);
                try (ResultSet rs = ps.executeQuery()) {
                    version = rs.next() ? rs.getInt(1) + 1 : 1;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO callers(name, last_version, active_version)"
                    + " VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET last_version = excluded.last_version,"
                    + " active_version = CASE WHEN ? THEN excluded.last_version ELSE callers.active_version END")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                if (activate) {
                    ps.setInt(3, version);
                } else {
                    ps.setNull(3, java.sql.Types.INTEGER);
                }
                ps.setBoolean(4, activate);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO versions(caller, version, sha256, size,"
                    + " metadata, uploaded_at, bundle) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                ps.setString(3, sha256);
                ps.setLong(4, zip.length);
                ps.setString(5, metadataJson);
                ps.setString(6, now.toString());
                ps.setBytes(7, zip);
                ps.executeUpdate();
            }
            if (!commitDelay.isZero()) {
                log.warn(
                        "publishing {} v{}: transaction open, pausing {} ms before commit (fault injection)",
                        caller,
                        version,
                        commitDelay.toMillis());
                sleep(commitDelay);
            }
            return new ModelVersion(caller, version, sha256, zip.length, activate, now, metadata);
        });
    }

    /** All versions of a caller, oldest first. */
    public List<ModelVersion> list(String caller) throws SQLException {
        return withRead(c -> {
            List<ModelVersion> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v.caller, v.version, v.sha256, v.size, v.metadata,"
                    + " v.uploaded_at, c.active_version FROM versions v JOIN callers c ON c.name = v.caller"
                    + " WHERE v.caller = ? ORDER BY v.version")) {
                ps.setString(1, caller);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Head h = head(rs);
                        out.add(toVersion(h, rs.getInt(7) == h.version()));
                    }
                }
            }
            return out;
        });
    }

    /** Every caller that has versions, by name. */
    public List<CallerSummary> callers() throws SQLException {
        return withRead(c -> {
            List<CallerSummary> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT c.name, count(v.version), coalesce(c.active_version, 0),"
                            + " c.last_version FROM callers c JOIN versions v ON v.caller = c.name"
                            + " GROUP BY c.name ORDER BY c.name")) {
                while (rs.next()) {
                    out.add(new CallerSummary(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
                }
            }
            return out;
        });
    }

    /** Makes a stored version the active one (activating an older one is a roll-back). */
    public ModelVersion activate(String caller, int version) throws SQLException, NotFoundException {
        Optional<ModelVersion> result = withWrite(c -> {
            Optional<Head> h;
            try (PreparedStatement ps = c.prepareStatement("SELECT caller, version, sha256, size, metadata, uploaded_at"
                    + " FROM versions WHERE caller = ? AND version = ?")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                h = one(ps);
            }
            if (h.isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE callers SET active_version = ? WHERE name = ?")) {
                ps.setInt(1, version);
                ps.setString(2, caller);
                ps.executeUpdate();
            }
            return Optional.of(toVersion(h.get(), true));
        });
        return result.orElseThrow(() -> new NotFoundException(caller + " has no version " + version));
    }

    /**
     * Deletes one version. Deleting the active version leaves the caller without an active model
     * (downloads then get the generic model) until an admin activates another.
     */
    public void deleteVersion(String caller, int version) throws SQLException, NotFoundException {
        boolean deleted = withWrite(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM versions WHERE caller = ? AND version = ?")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE callers SET active_version = NULL WHERE name = ? AND active_version = ?")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                ps.executeUpdate();
            }
            return n > 0;
        });
        if (!deleted) {
            throw new NotFoundException(caller + " has no version " + version);
        }
    }

    /** Deletes every version of a caller and the caller's record; returns how many versions went. */
    public int deleteCaller(String caller) throws SQLException, NotFoundException {
        int n = withWrite(c -> {
            int count;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM versions WHERE caller = ?")) {
                ps.setString(1, caller);
                count = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM callers WHERE name = ?")) {
                ps.setString(1, caller);
                ps.executeUpdate();
            }
            return count;
        });
        if (n == 0) {
            throw new NotFoundException(caller + " has no stored versions");
        }
        return n;
    }

    /** The version of a caller holding exactly these bytes, if any. */
    public Optional<Head> findBySha(String caller, String sha256) throws SQLException {
        return withRead(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT caller, version, sha256, size, metadata, uploaded_at"
                    + " FROM versions WHERE caller = ? AND sha256 = ? ORDER BY version DESC LIMIT 1")) {
                ps.setString(1, caller);
                ps.setString(2, sha256);
                return one(ps);
            }
        });
    }

    /** Runs SQLite's integrity check; "ok" when the file is sound. */
    public String integrityCheck() throws SQLException {
        return withRead(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                return rs.next() ? rs.getString(1) : "no result";
            }
        });
    }

    /** Parses a stored head into the wire form. */
    public static ModelVersion toVersion(Head h, boolean active) {
        try {
            ModelMetadata meta = ModelBundle.parseMetadata(h.metadataJson().getBytes(StandardCharsets.UTF_8));
            return new ModelVersion(h.caller(), h.version(), h.sha256(), h.size(), active, h.uploadedAt(), meta);
        } catch (BundleFormatException e) {
            // Only validated metadata is ever stored; this means the file was edited by hand.
            throw new IllegalStateException(
                    "stored metadata of " + h.caller() + " v" + h.version() + " is invalid: " + e.getMessage(), e);
        }
    }

    private static Optional<Head> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(head(rs)) : Optional.empty();
        }
    }

    private static Head head(ResultSet rs) throws SQLException {
        return new Head(
                rs.getString(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                Instant.parse(rs.getString(6)));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withRead(Work<T> work) throws SQLException {
        Connection c = borrow();
        try {
            return work.run(c);
        } finally {
            pool.offer(c);
        }
    }

    private <T> T withWrite(Work<T> work) throws SQLException {
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
            Connection c = pool.poll(30, TimeUnit.SECONDS);
            if (c == null) {
                throw new SQLException("no database connection free within 30 s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
