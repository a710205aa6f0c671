package io.dejavu.store.server.internal;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.CallerSummary;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import java.nio.charset.StandardCharsets;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model versions in a SQLite file or a PostgreSQL database ({@link StoreDatabase}), with the same
 * SQL on both. A publish is one transaction that locks the caller's row, inserts the bundle and
 * moves the caller's counter and active pointer together, so a reader sees a version whole or not
 * at all, versions are numbered without gaps however many store nodes publish at once, and a
 * process killed mid-publish leaves exactly the versions that were committed before.
 *
 * <p>Bundles are read and written as byte arrays: sqlite-jdbc does not implement {@code getBlob},
 * and PostgreSQL's {@code bytea} reads the same way.
 */
public final class ModelRepository implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelRepository.class);

    /** A stored version without its bundle bytes. */
    public record Head(
            String caller,
            int version,
            String sha256,
            long size,
            String metadataJson,
            Instant uploadedAt,
            String publishedBy) {}

    /** What an upload did: stored a new version, or found the one an earlier upload with its key stored. */
    public record Published(ModelVersion version, boolean replayed) {}

    /** An idempotency key sent again with a different bundle. */
    public static final class KeyReusedException extends Exception {
        private static final long serialVersionUID = 1L;

        public KeyReusedException(String message) {
            super(message);
        }
    }

    /** How many versions a user may self-publish within a window (ADR 0308). */
    public record RateLimit(int max, Duration window) {
        public RateLimit {
            if (max < 1) {
                throw new IllegalArgumentException("self-publish limit must be at least 1, got " + max);
            }
            if (window == null || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("self-publish window must be positive, got " + window);
            }
        }

        String describeWindow() {
            return window.toMinutes() >= 1 && window.toSecondsPart() == 0
                    ? window.toMinutes() + " min"
                    : window.toSeconds() + " s";
        }
    }

    /** A self-publish over its user's rate limit. */
    public static final class RateLimitedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RateLimitedException(String message) {
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

    private final StoreDatabase db;
    private final Duration commitDelay;

    /**
     * Opens (creating if needed) the database and brings its schema up to date.
     *
     * @param connections size of the connection pool (readers and the writer share it)
     * @param busyTimeout how long a request waits for the database (SQLite's lock, a pooled or new
     *     PostgreSQL connection)
     * @param commitDelay fault-injection pause inside a publish transaction, for crash tests; zero
     *     in production
     */
    public static ModelRepository open(
            DatabaseLocation location, int connections, Duration busyTimeout, Duration commitDelay)
            throws SQLException {
        StoreDatabase db = location instanceof DatabaseLocation.Postgres pg
                ? new PostgresDatabase(pg, connections, busyTimeout)
                : new SqliteDatabase(((DatabaseLocation.Sqlite) location).file(), connections, busyTimeout);
        try {
            SchemaMigrations.migrate(db);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
        return new ModelRepository(db, commitDelay);
    }

    private ModelRepository(StoreDatabase db, Duration commitDelay) {
        this.db = db;
        this.commitDelay = commitDelay;
    }

    /**
     * Locks the caller's row until the transaction ends and returns its last version, or 0 (with
     * no lock) for a caller without a row.
     */
    private int lockCaller(Connection c, String caller) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT last_version FROM callers WHERE name = ?" + db.lockSelected())) {
            ps.setString(1, caller);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /**
     * Creates the caller's row if it has none (waiting for a concurrent creator to finish), then
     * locks it: every publisher of this caller, on any store node, passes here one at a time.
     */
    private int createAndLockCaller(Connection c, String caller) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO callers(name, last_version, active_version)"
                + " VALUES (?, 0, NULL) ON CONFLICT(name) DO NOTHING")) {
            ps.setString(1, caller);
            ps.executeUpdate();
        }
        return lockCaller(c, caller);
    }

    /** The caller's active version, if any. */
    public Optional<Head> activeHead(String caller) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT v.caller, v.version, v.sha256, v.size, v.metadata,"
                    + " v.uploaded_at, v.published_by FROM callers c JOIN versions v ON v.caller = c.name AND v.version ="
                    + " c.active_version WHERE c.name = ?")) {
                ps.setString(1, caller);
                return one(ps);
            }
        });
    }

    /** One version of a caller, active or not. */
    public Optional<Head> head(String caller, int version) throws SQLException {
        return db.read(c -> version(c, caller, version));
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
            return publish(caller, zip, sha256, metadata, metadataJson, activate, now, Optional.empty(), null)
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
     * @param publishedBy the user self-publishing with a publish credential (ADR 0308), null for the
     *     admin
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
            Optional<String> key,
            String publishedBy)
            throws SQLException, KeyReusedException {
        return publish(caller, zip, sha256, metadata, metadataJson, activate, now, key, publishedBy, null);
    }

    /**
     * A self-publish (ADR 0308) under a rate limit: like {@link #publish(String, byte[], String,
     * ModelMetadata, String, boolean, Instant, Optional, String)}, but refused with {@link
     * RateLimitedException} when {@code publishedBy} already self-published {@code limit.max()}
     * versions since {@code now - limit.window()}. Counted under the caller's lock, so concurrent
     * uploads (on any store node) cannot pass the limit together.
     */
    public Published publish(
            String caller,
            byte[] zip,
            String sha256,
            ModelMetadata metadata,
            String metadataJson,
            boolean activate,
            Instant now,
            Optional<String> key,
            String publishedBy,
            RateLimit limit)
            throws SQLException, KeyReusedException {
        Published result = db.write(c -> {
            int version = createAndLockCaller(c, caller) + 1;
            // Looked up under the caller's lock: a retry racing its original finds it here.
            Optional<Published> earlier = key.isEmpty() ? Optional.empty() : byKey(c, caller, key.get());
            if (earlier.isPresent()) {
                return earlier.get();
            }
            if (limit != null && publishedBy != null) {
                int recent = selfPublishedSince(c, publishedBy, now.minus(limit.window()));
                if (recent >= limit.max()) {
                    throw new RateLimitedException(publishedBy + " already published " + recent
                            + " versions of their own model in the last " + limit.describeWindow()
                            + "; the limit is " + limit.max());
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    activate
                            ? "UPDATE callers SET last_version = ?, active_version = ? WHERE name = ?"
                            : "UPDATE callers SET last_version = ? WHERE name = ?")) {
                int i = 1;
                ps.setInt(i++, version);
                if (activate) {
                    ps.setInt(i++, version);
                }
                ps.setString(i, caller);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO versions(caller, version, sha256, size,"
                    + " metadata, uploaded_at, bundle, idempotency_key, published_by)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                ps.setString(3, sha256);
                ps.setLong(4, zip.length);
                ps.setString(5, metadataJson);
                ps.setString(6, now.toString());
                ps.setBytes(7, zip);
                ps.setString(8, key.orElse(null));
                ps.setString(9, publishedBy);
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
            return new Published(
                    new ModelVersion(caller, version, sha256, zip.length, activate, now, metadata, publishedBy), false);
        });
        if (result.replayed() && !result.version().sha256().equals(sha256)) {
            throw new KeyReusedException("idempotency key '" + key.orElseThrow() + "' already stored v"
                    + result.version().version() + " of '" + caller + "' with other bytes; use a new key for a new"
                    + " bundle");
        }
        return result;
    }

    /** How many versions {@code user} self-published since {@code since} (for a refusal before reading a body). */
    public int selfPublishedSince(String user, Instant since) throws SQLException {
        return db.read(c -> selfPublishedSince(c, user, since));
    }

    /**
     * How many versions {@code user} self-published since {@code since}, by any caller's name
     * (today always their own). {@code uploaded_at} is ISO-8601 text, compared as text with {@code
     * since} in whole seconds: in time order except within that one second.
     */
    private static int selfPublishedSince(Connection c, String user, Instant since) throws SQLException {
        // Versions the user deleted themselves still count for the hour they were published in.
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM versions WHERE published_by = ?"
                + " AND uploaded_at >= ?) + (SELECT count(*) FROM self_deleted_versions WHERE published_by = ?"
                + " AND uploaded_at >= ?)")) {
            String from =
                    since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            ps.setString(1, user);
            ps.setString(2, from);
            ps.setString(3, user);
            ps.setString(4, from);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Optional<Published> byKey(Connection c, String caller, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.caller, v.version, v.sha256, v.size, v.metadata,"
                + " v.uploaded_at, v.published_by, c.active_version FROM versions v JOIN callers c ON c.name = v.caller"
                + " WHERE v.caller = ? AND v.idempotency_key = ?")) {
            ps.setString(1, caller);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Head h = head(rs);
                return Optional.of(new Published(toVersion(h, rs.getInt(8) == h.version()), true));
            }
        }
    }

    /** All versions of a caller, oldest first. */
    public List<ModelVersion> list(String caller) throws SQLException {
        return db.read(c -> {
            List<ModelVersion> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v.caller, v.version, v.sha256, v.size, v.metadata,"
                    + " v.uploaded_at, v.published_by, c.active_version FROM versions v JOIN callers c ON c.name = v.caller"
                    + " WHERE v.caller = ? ORDER BY v.version")) {
                ps.setString(1, caller);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Head h = head(rs);
                        out.add(toVersion(h, rs.getInt(8) == h.version()));
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
            lockCaller(c, caller);
            Optional<Head> h = version(c, caller, version);
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
            lockCaller(c, caller);
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

    /** What {@link #deleteOwnVersion} did. */
    public sealed interface OwnDeletion {
        /** Deleted; {@code nowActive} is the version downloads get now (0: none, the generic model). */
        record Deleted(int nowActive) implements OwnDeletion {}

        record NotFound() implements OwnDeletion {}

        /** Someone else published it: {@code publishedBy} is null for the admin. */
        record NotTheirs(String publishedBy) implements OwnDeletion {}
    }

    /** One stored version of {@code caller}, read on {@code c} (inside a caller's transaction, or alone). */
    private static Optional<Head> version(Connection c, String caller, int version) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT caller, version, sha256, size, metadata, uploaded_at, published_by"
                        + " FROM versions WHERE caller = ? AND version = ?")) {
            ps.setString(1, caller);
            ps.setInt(2, version);
            return one(ps);
        }
    }

    /**
     * Deletes a version of {@code caller}'s model only if {@code user} self-published it (ADR 0308's
     * amendment), checked under the caller's lock so the version cannot change hands in between. A
     * deleted active version hands over to the newest remaining one, so deleting one's self-trained
     * versions brings back the model before them (the admin's) rather than the generic one.
     */
    public OwnDeletion deleteOwnVersion(String caller, int version, String user) throws SQLException {
        return db.write(c -> {
            lockCaller(c, caller);
            Optional<Head> h = version(c, caller, version);
            if (h.isEmpty()) {
                return new OwnDeletion.NotFound();
            }
            if (!user.equals(h.get().publishedBy())) {
                return new OwnDeletion.NotTheirs(h.get().publishedBy());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO self_deleted_versions(caller, version,"
                    + " published_by, uploaded_at) VALUES (?, ?, ?, ?) ON CONFLICT(caller, version) DO NOTHING")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                ps.setString(3, user);
                ps.setString(4, h.get().uploadedAt().toString());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM versions WHERE caller = ? AND version = ?")) {
                ps.setString(1, caller);
                ps.setInt(2, version);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE callers SET active_version ="
                    + " (SELECT max(version) FROM versions WHERE caller = ?) WHERE name = ? AND active_version = ?")) {
                ps.setString(1, caller);
                ps.setString(2, caller);
                ps.setInt(3, version);
                ps.executeUpdate();
            }
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT coalesce(active_version, 0) FROM callers WHERE name = ?")) {
                ps.setString(1, caller);
                try (ResultSet rs = ps.executeQuery()) {
                    return new OwnDeletion.Deleted(rs.next() ? rs.getInt(1) : 0);
                }
            }
        });
    }

    /** Deletes every version of a caller and the caller's record; returns how many versions went. */
    public int deleteCaller(String caller) throws SQLException, NotFoundException {
        int n = db.write(c -> {
            lockCaller(c, caller);
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
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT caller, version, sha256, size, metadata, uploaded_at, published_by"
                            + " FROM versions WHERE caller = ? AND sha256 = ? ORDER BY version DESC LIMIT 1")) {
                ps.setString(1, caller);
                ps.setString(2, sha256);
                return one(ps);
            }
        });
    }

    /**
     * Checks the database: the engine's own check (SQLite's {@code integrity_check}), then that
     * every stored bundle has the size recorded with it. "ok" when sound.
     */
    public String integrityCheck() throws SQLException {
        return db.read(c -> {
            String engine = db.engineCheck(c);
            if (!"ok".equals(engine)) {
                return engine;
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT caller, version FROM versions WHERE size <> length(bundle)"
                            + " ORDER BY caller, version")) {
                return rs.next()
                        ? "bundle of " + rs.getString(1) + " v" + rs.getInt(2) + " does not have its recorded size"
                        : "ok";
            }
        });
    }

    /** Where the versions are kept, password hidden. */
    @Override
    public String toString() {
        return db.toString();
    }

    /** Parses a stored head into the wire form. */
    public static ModelVersion toVersion(Head h, boolean active) {
        try {
            ModelMetadata meta = ModelBundle.parseMetadata(h.metadataJson().getBytes(StandardCharsets.UTF_8));
            return new ModelVersion(
                    h.caller(), h.version(), h.sha256(), h.size(), active, h.uploadedAt(), meta, h.publishedBy());
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
                Instant.parse(rs.getString(6)),
                rs.getString(7));
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
