package io.dejavu.signaling;

import io.dejavu.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Users and their bearer tokens in a SQLite file. A token is {@code dv1.<id>.<secret>} with a 256-bit random
 * secret; only a salted SHA-256 of the secret is stored, looked up by the public id (see ADR 0301).
 *
 * <pre>{@code
 * try (UserStore users = UserStore.open(Path.of("signaling.db"))) {
 *     String token = users.addUser("alice");          // shown once, never stored
 *     Optional<String> who = users.authenticate(token); // Optional[alice]
 *     users.revoke("alice");                          // her tokens stop working
 * }
 * }</pre>
 */
public final class UserStore implements AutoCloseable, Accounts {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String PREFIX = "dv1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Connection db;
    private final Clock clock;
    private final Path file;
    private final BlockTable blocks;
    private PreparedStatement authQuery;
    private long ownChanges;
    private boolean closed;

    /** A user as listed by {@link #list()}. */
    public record UserInfo(String name, Instant createdAt, Optional<Instant> revokedAt, int tokens) {}

    private UserStore(Path file, Connection db, Clock clock) {
        this.file = file;
        this.db = db;
        this.clock = clock;
        this.blocks = new BlockTable(db);
    }

    /**
     * Opens (creating if needed) the user database.
     *
     * @throws UserStoreException if the file cannot be opened or is not a Dejavu user database
     */
    public static UserStore open(Path file) throws UserStoreException {
        return open(file, Clock.systemUTC());
    }

    static UserStore open(Path file, Clock clock) throws UserStoreException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UserStoreException(
                    "cannot create the folder for user database " + file + ": " + e.getMessage(), e);
        }
        createPrivate(file);
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                // The CLI adds and revokes users while the server runs: WAL plus a busy timeout lets both work.
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL,"
                        + " revoked_at INTEGER)");
                s.execute("CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, user_name TEXT NOT NULL"
                        + " REFERENCES users(name) ON DELETE CASCADE, salt BLOB NOT NULL, hash BLOB NOT NULL,"
                        + " created_at INTEGER NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS tokens_user ON tokens(user_name)");
                BlockTable.create(s);
            } catch (SQLException e) {
                db.close();
                throw e;
            }
            return new UserStore(file, db, clock);
        } catch (SQLException e) {
            throw new UserStoreException("cannot open user database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates the file readable by its owner only: it holds token hashes and who blocked whom. */
    private static void createPrivate(Path file) throws UserStoreException {
        try {
            PrivateFiles.createOwnerOnly(file);
        } catch (IOException e) {
            throw new UserStoreException("cannot create user database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code name} (or re-enables a revoked user) and returns a new token, the only time it is shown.
     *
     * @throws UserStoreException if the name is invalid or an active user of that name exists
     */
    public synchronized String addUser(String name) throws UserStoreException {
        requireOpen();
        requireName(name);
        long now = clock.millis();
        try {
            db.setAutoCommit(false);
            try {
                try (PreparedStatement q = db.prepareStatement("SELECT revoked_at FROM users WHERE name = ?")) {
                    q.setString(1, name);
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            rs.getLong(1);
                            if (!rs.wasNull()) {
                                try (PreparedStatement u =
                                        db.prepareStatement("UPDATE users SET revoked_at = NULL WHERE name = ?")) {
                                    u.setString(1, name);
                                    u.executeUpdate();
                                }
                            } else {
                                throw new UserStoreException(
                                        "user '" + name + "' already exists; revoke it first to" + " issue a new token",
                                        null);
                            }
                        } else {
                            try (PreparedStatement i =
                                    db.prepareStatement("INSERT INTO users(name, created_at) VALUES (?, ?)")) {
                                i.setString(1, name);
                                i.setLong(2, now);
                                i.executeUpdate();
                            }
                        }
                    }
                }
                String token = insertToken(name, now);
                db.commit();
                return token;
            } catch (SQLException | UserStoreException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UserStoreException("cannot add user '" + name + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates many new users in one transaction (load tools); returns name → token in the given order.
     *
     * @throws UserStoreException if a name is invalid or taken; then none is added
     */
    public synchronized java.util.LinkedHashMap<String, String> addUsers(java.util.Collection<String> names)
            throws UserStoreException {
        requireOpen();
        for (String name : names) {
            requireName(name);
        }
        long now = clock.millis();
        java.util.LinkedHashMap<String, String> tokens = new java.util.LinkedHashMap<>();
        try {
            db.setAutoCommit(false);
            try (PreparedStatement i = db.prepareStatement("INSERT INTO users(name, created_at) VALUES (?, ?)")) {
                for (String name : names) {
                    i.setString(1, name);
                    i.setLong(2, now);
                    i.executeUpdate();
                    tokens.put(name, insertToken(name, now));
                }
                db.commit();
                return tokens;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UserStoreException("cannot add " + names.size() + " users to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Revokes many users in one transaction; returns how many were active. */
    public synchronized int revokeUsers(java.util.Collection<String> names) throws UserStoreException {
        requireOpen();
        int changed = 0;
        try {
            db.setAutoCommit(false);
            try (PreparedStatement u = db.prepareStatement(
                            "UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL");
                    PreparedStatement d = db.prepareStatement("DELETE FROM tokens WHERE user_name = ?")) {
                for (String name : names) {
                    u.setLong(1, clock.millis());
                    u.setString(2, name);
                    changed += u.executeUpdate();
                    d.setString(1, name);
                    d.executeUpdate();
                }
                db.commit();
                ownChanges++;
                return changed;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UserStoreException(
                    "cannot revoke " + names.size() + " users in " + file + ": " + e.getMessage(), e);
        }
    }

    private String insertToken(String name, long now) throws SQLException {
        byte[] id = random(9);
        byte[] secret = random(32);
        byte[] salt = random(16);
        try (PreparedStatement i = db.prepareStatement(
                "INSERT INTO tokens(id, user_name, salt, hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
            i.setString(1, B64.encodeToString(id));
            i.setString(2, name);
            i.setBytes(3, salt);
            i.setBytes(4, hash(salt, secret));
            i.setLong(5, now);
            i.executeUpdate();
        }
        return PREFIX + "." + B64.encodeToString(id) + "." + B64.encodeToString(secret);
    }

    /**
     * The user a token belongs to, or empty if the token is malformed, unknown or revoked. Constant-time in
     * the secret.
     */
    @Override
    public synchronized Optional<String> authenticate(String token) {
        requireOpen();
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !PREFIX.equals(parts[0])) {
            return Optional.empty();
        }
        byte[] secret;
        try {
            secret = B64D.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            if (authQuery == null) {
                // Every connection authenticates: parse the query once.
                authQuery = db.prepareStatement("SELECT t.user_name, t.salt, t.hash FROM tokens t"
                        + " JOIN users u ON u.name = t.user_name WHERE t.id = ? AND u.revoked_at IS NULL");
            }
            PreparedStatement q = authQuery;
            q.setString(1, parts[1]);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String user = rs.getString(1);
                byte[] salt = rs.getBytes(2);
                byte[] expected = rs.getBytes(3);
                return MessageDigest.isEqual(expected, hash(salt, secret)) ? Optional.of(user) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("user database " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Revokes the user and deletes their tokens; returns false if there was no active user of that name. */
    public synchronized boolean revoke(String name) throws UserStoreException {
        requireOpen();
        requireName(name);
        try {
            db.setAutoCommit(false);
            try {
                int changed;
                try (PreparedStatement u =
                        db.prepareStatement("UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
                    u.setLong(1, clock.millis());
                    u.setString(2, name);
                    changed = u.executeUpdate();
                }
                try (PreparedStatement d = db.prepareStatement("DELETE FROM tokens WHERE user_name = ?")) {
                    d.setString(1, name);
                    d.executeUpdate();
                }
                db.commit();
                ownChanges++;
                return changed > 0;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UserStoreException("cannot revoke '" + name + "' in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code name} exists and is not revoked. */
    public synchronized boolean isActive(String name) {
        requireOpen();
        try (PreparedStatement q = db.prepareStatement("SELECT 1 FROM users WHERE name = ? AND revoked_at IS NULL")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("user database " + file + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Changes whenever the database may have changed: SQLite's {@code data_version} counts commits by other
     * connections (the CLI beside the server), plus our own revocations. The server asks it a few times a second.
     */
    @Override
    public synchronized long changeStamp() {
        requireOpen();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA data_version")) {
            return (rs.next() ? rs.getLong(1) : 0) + (ownChanges << 32);
        } catch (SQLException e) {
            throw new IllegalStateException("user database " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Names of all revoked users (the server drops their open connections). */
    @Override
    public synchronized java.util.Set<String> revokedUsers() {
        requireOpen();
        java.util.Set<String> names = new java.util.HashSet<>();
        try (PreparedStatement q = db.prepareStatement("SELECT name FROM users WHERE revoked_at IS NOT NULL");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("user database " + file + " failed: " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * Adds {@code blocked} to {@code user}'s block list (kept until {@link #unblock}); returns the list, sorted.
     *
     * @throws UserStoreException if a name is invalid or the list already holds {@code max} names
     */
    @Override
    public synchronized List<String> block(String user, String blocked, int max) throws UserStoreException {
        requireOpen();
        requireName(user);
        requireName(blocked);
        try {
            return blocks.block(user, blocked, clock.millis(), max);
        } catch (SQLException e) {
            throw new UserStoreException("cannot block '" + blocked + "' for '" + user + "': " + e.getMessage(), e);
        }
    }

    /** Takes {@code blocked} off {@code user}'s block list; returns the list, sorted. */
    @Override
    public synchronized List<String> unblock(String user, String blocked) throws UserStoreException {
        requireOpen();
        requireName(user);
        requireName(blocked);
        try {
            return blocks.unblock(user, blocked);
        } catch (SQLException e) {
            throw new UserStoreException("cannot unblock '" + blocked + "' for '" + user + "': " + e.getMessage(), e);
        }
    }

    /** The users {@code user} blocks, sorted. */
    @Override
    public synchronized List<String> blockedBy(String user) throws UserStoreException {
        requireOpen();
        try {
            return blocks.blockedBy(user);
        } catch (SQLException e) {
            throw new UserStoreException("cannot read the block list of '" + user + "': " + e.getMessage(), e);
        }
    }

    /** All users, by name. */
    public synchronized List<UserInfo> list() throws UserStoreException {
        requireOpen();
        List<UserInfo> users = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT u.name, u.created_at, u.revoked_at,"
                        + " (SELECT COUNT(*) FROM tokens t WHERE t.user_name = u.name) FROM users u ORDER BY u.name");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long revoked = rs.getLong(3);
                Optional<Instant> revokedAt =
                        rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
                users.add(new UserInfo(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), revokedAt, rs.getInt(4)));
            }
        } catch (SQLException e) {
            throw new UserStoreException("cannot list users in " + file + ": " + e.getMessage(), e);
        }
        return users;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (authQuery != null) {
                authQuery.close();
            }
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close user database " + file + ": " + e.getMessage(), e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("user store " + file + " is closed");
        }
    }

    private static void requireName(String name) throws UserStoreException {
        if (name == null || !USER.matcher(name).matches()) {
            throw new UserStoreException(
                    "user name must be 1-64 characters of letters, digits, '.', '_' or '-'"
                            + " starting with a letter or digit, got '" + name + "'",
                    null);
        }
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] hash(byte[] salt, byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
