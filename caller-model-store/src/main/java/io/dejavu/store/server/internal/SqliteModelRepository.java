package io.dejavu.store.server.internal;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.CallerSummary;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model versions in one SQLite file (opened by {@link SqliteDatabase}). A publish is one {@code BEGIN
 * IMMEDIATE} transaction that inserts the bundle and moves the caller's counter and active pointer
 * together, so a reader sees a version whole or not at all, and a process killed mid-publish
 * leaves exactly the versions that were committed before.
 *
 * <p>Bundles are read and written as byte arrays: sqlite-jdbc does not implement {@code getBlob}.
 */
public final class SqliteModelRepository implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteModelRepository.class);
    private static final int SCHEMA_VERSION = 2;

    /** A stored version without its bundle bytes. */
    public record Head(String caller, int version, String sha256, long size, String metadataJson, Instant uploadedAt) {}

    /** What an upload did: stored a new version, or found the one an earlier upload with its key stored. */
    public record Published(ModelVersion version, boolean replayed) {}

    /** An idempotency key sent again with a different bundle. */
    public static final class KeyReusedException extends Exception {
        private static final long serialVersionUID = 1L;

        public KeyReusedException(String message) {
            super(message);
        }
    }

    /** An operation on a version or caller the store does not have. */
    public static final class NotFoundException extends Exception {
        private static final long serialVersionUID = 1L;

        public NotFoundException(String message) {
            super(message);
        }
    }

    private final SqliteDatabase db;
    private final Duration commitDelay;

    /**
     * Opens (creating if needed) the database.
     *
     * @param connections size of the connection pool (readers and the writer share it)
     * @param commitDelay fault-injection pause inside a publish transaction, for crash tests; zero
     *     in production
     */
    public SqliteModelRepository(Path file, int connections, Duration busyTimeout, Duration commitDelay)
            throws SQLException {
        this.db = new SqliteDatabase(file, connections, busyTimeout);
        this.commitDelay = commitDelay;
        try {
            migrate();
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    private void migrate() throws SQLException {
        db.write(c -> {
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
                }
                if (version < 2) {
                    // Uploads retried after a lost 201 find their version by the client's key.
                    s.executeUpdate("ALTER TABLE versions ADD COLUMN idempotency_key TEXT");
                    s.executeUpdate("CREATE UNIQUE INDEX versions_by_idempotency_key ON versions(caller,"
                            + " idempotency_key) WHERE idempotency_key IS NOT NULL");
                }
                if (version < SCHEMA_VERSION) {
                    s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
                }
            }
            return null;
        });
    }

    /** The caller's active version, if any. */
    public Optional<Head> activeHead(String caller) throws SQLException {
        return db.read(c -> {
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
        return db.read(c -> {
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
        return db.read(c -> {
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
        try {
            return publish(caller, zip, sha256, metadata, metadataJson, activate, now, Optional.empty())
                    .version();
        } catch (KeyReusedException e) {
            throw new IllegalStateException("no key was given", e);
        }
    }

    /**
     * Like {@link #publish(String, byte[], String, ModelMetadata, String, boolean, Instant)}, but
     * with the client's idempotency key: a second upload with the key and the same bytes returns the
     * version the first stored.
     *
     * @throws KeyReusedException if the key already stored different bytes for this caller
     */
    public Published publish(
            String caller,
            byte[] zip,
            String sha256,
            ModelMetadata metadata,
            String metadataJson,
            boolean activate,
            Instant now,
            Optional<String> key)
            throws SQLException, KeyReusedException {
        Published result = db.write(c -> {
            Optional<Published> earlier = key.isEmpty() ? Optional.empty() : byKey(c, caller, key.get());
            if (earlier.isPresent()) {
                return earlier.get();
            }
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
                    + " metadata, uploaded_at, bundle, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                ps.setString(3, sha256);
                ps.setLong(4, zip.length);
                ps.setString(5, metadataJson);
                ps.setString(6, now.toString());
                ps.setBytes(7, zip);
                ps.setString(8, key.orElse(null));
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
            return new Published(new ModelVersion(caller, version, sha256, zip.length, activate, now, metadata), false);
        });
        if (result.replayed() && !result.version().sha256().equals(sha256)) {
            throw new KeyReusedException("idempotency key '" + key.orElseThrow() + "' already stored v"
                    + result.version().version() + " of '" + caller + "' with other bytes; use a new key for a new"
                    + " bundle");
        }
        return result;
    }

    private static Optional<Published> byKey(java.sql.Connection c, String caller, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.caller, v.version, v.sha256, v.size, v.metadata,"
                + " v.uploaded_at, c.active_version FROM versions v JOIN callers c ON c.name = v.caller"
                + " WHERE v.caller = ? AND v.idempotency_key = ?")) {
            ps.setString(1, caller);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Head h = head(rs);
                return Optional.of(new Published(toVersion(h, rs.getInt(7) == h.version()), true));
            }
        }
    }

    /** All versions of a caller, oldest first. */
    public List<ModelVersion> list(String caller) throws SQLException {
        return db.read(c -> {
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
        return db.read(c -> {
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
        Optional<ModelVersion> result = db.write(c -> {
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
        boolean deleted = db.write(c -> {
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
        int n = db.write(c -> {
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
        return db.read(c -> {
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
        return db.read(c -> {
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
