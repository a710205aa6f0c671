package io.dejavu.signaling;

import io.dejavu.protocol.db.DatabaseLocation;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Users, their bearer tokens, revocations and block lists, in a SQLite file or a PostgreSQL database that several
 * signaling nodes share ({@link DatabaseLocation}; ADR 0309). A token is {@code dv1.<id>.<secret>} with a 256-bit
 * random secret; only a salted SHA-256 of the secret is stored, looked up by the public id (see ADR 0301).
 * Thread-safe; every change is one transaction, so a node reading the database sees a change whole or not at all.
 *
 * <pre>{@code
 * try (UserStore users = UserStore.open(DatabaseLocation.parse("signaling.db", Optional.empty()))) {
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
    private static final String BUMP_STAMP = "UPDATE user_changes SET stamp = stamp + 1 WHERE id = 1";

    private final UserDatabase db;
    private final Clock clock;
    private volatile boolean closed;

    /** A user as listed by {@link #list()}. */
    public record UserInfo(String name, Instant createdAt, Optional<Instant> revokedAt, int tokens) {}

    private UserStore(UserDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Opens (creating if needed) a SQLite user file.
     *
     * @throws UserStoreException if the file cannot be opened or is not a Dejavu user database
     */
    public static UserStore open(Path file) throws UserStoreException {
        return open(DatabaseLocation.sqlite(file));
    }

    /**
     * Opens the user database and brings its schema up to date (Flyway).
     *
     * @throws UserStoreException if it cannot be opened or reached, refuses the login, or is not a Dejavu user
     *     database
     */
    public static UserStore open(DatabaseLocation location) throws UserStoreException {
        return open(location, Clock.systemUTC());
    }

    static UserStore open(Path file, Clock clock) throws UserStoreException {
        return open(DatabaseLocation.sqlite(file), clock);
    }

    static UserStore open(DatabaseLocation location, Clock clock) throws UserStoreException {
        return new UserStore(UserDatabase.open(location), clock);
    }

    /**
     * Creates {@code name} (or re-enables a revoked user) and returns a new token, the only time it is shown.
     *
     * @throws UserStoreException if the name is invalid or an active user of that name exists
     */
    public String addUser(String name) throws UserStoreException {
        requireOpen();
        requireName(name);
        long now = clock.millis();
        try {
            return db.write(c -> {
                try (PreparedStatement q =
                        c.prepareStatement("SELECT revoked_at FROM users WHERE name = ?" + db.lockSelected())) {
                    q.setString(1, name);
                    try (ResultSet rs = q.executeQuery()) {
                        if (!rs.next()) {
                            insertUser(c, name, now);
                        } else {
                            rs.getLong(1);
                            if (!rs.wasNull()) {
                                reEnable(c, name);
                            } else {
                                throw new UserStoreException(
                                        "user '" + name + "' already exists; revoke it first to issue a new token",
                                        null);
                            }
                        }
                    }
                }
                return insertToken(c, name, now);
            });
        } catch (SQLException e) {
            throw new UserStoreException("cannot add user '" + name + "' to " + db + ": " + e.getMessage(), e);
        }
    }

    private static void insertUser(Connection c, String name, long now) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO users(name, created_at) VALUES (?, ?)")) {
            i.setString(1, name);
            i.setLong(2, now);
            i.executeUpdate();
        }
    }

    private static void reEnable(Connection c, String name) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE users SET revoked_at = NULL WHERE name = ?");
                PreparedStatement bump = c.prepareStatement(BUMP_STAMP)) {
            u.setString(1, name);
            u.executeUpdate();
            bump.executeUpdate();
        }
    }

    /**
     * Creates many new users in one transaction (load tools); returns name → token in the given order.
     *
     * @throws UserStoreException if a name is invalid or taken; then none is added
     */
    public LinkedHashMap<String, String> addUsers(Collection<String> names) throws UserStoreException {
        requireOpen();
        for (String name : names) {
            requireName(name);
        }
        long now = clock.millis();
        try {
            return db.write(c -> {
                LinkedHashMap<String, String> tokens = new LinkedHashMap<>();
                for (String name : names) {
                    insertUser(c, name, now);
                    tokens.put(name, insertToken(c, name, now));
                }
                return tokens;
            });
        } catch (SQLException e) {
            throw new UserStoreException("cannot add " + names.size() + " users to " + db + ": " + e.getMessage(), e);
        }
    }

    /** Revokes many users in one transaction; returns how many were active. */
    public int revokeUsers(Collection<String> names) throws UserStoreException {
        requireOpen();
        try {
            return db.write(c -> revokeAll(c, names));
        } catch (SQLException e) {
            throw new UserStoreException(
                    "cannot revoke " + names.size() + " users in " + db + ": " + e.getMessage(), e);
        }
    }

    /** Revokes {@code names} and deletes their tokens; moves the change stamp, so every node drops their sessions. */
    private int revokeAll(Connection c, Collection<String> names) throws SQLException {
        int changed = 0;
        try (PreparedStatement u =
                        c.prepareStatement("UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL");
                PreparedStatement d = c.prepareStatement("DELETE FROM tokens WHERE user_name = ?");
                PreparedStatement bump = c.prepareStatement(BUMP_STAMP)) {
            for (String name : names) {
                u.setLong(1, clock.millis());
                u.setString(2, name);
                changed += u.executeUpdate();
                d.setString(1, name);
                d.executeUpdate();
            }
            bump.executeUpdate();
        }
        return changed;
    }

    private static String insertToken(Connection c, String name, long now) throws SQLException {
        byte[] id = random(9);
        byte[] secret = random(32);
        byte[] salt = random(16);
        try (PreparedStatement i = c.prepareStatement(
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
    public Optional<String> authenticate(String token) {
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
        return query(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT t.user_name, t.salt, t.hash FROM tokens t"
                    + " JOIN users u ON u.name = t.user_name WHERE t.id = ? AND u.revoked_at IS NULL")) {
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
            }
        });
    }

    /** Revokes the user and deletes their tokens; returns false if there was no active user of that name. */
    public boolean revoke(String name) throws UserStoreException {
        requireOpen();
        requireName(name);
        try {
            return db.write(c -> revokeAll(c, List.of(name))) > 0;
        } catch (SQLException e) {
            throw new UserStoreException("cannot revoke '" + name + "' in " + db + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code name} exists and is not revoked. */
    public boolean isActive(String name) {
        requireOpen();
        return query(c -> {
            try (PreparedStatement q =
                    c.prepareStatement("SELECT 1 FROM users WHERE name = ? AND revoked_at IS NULL")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Changes whenever a user is revoked or re-enabled, by any node or process sharing the database: a counter the
     * same transaction moves. Every node asks it a few times a second.
     */
    @Override
    public long changeStamp() {
        requireOpen();
        return query(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT stamp FROM user_changes WHERE id = 1");
                    ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Names of all revoked users (the server drops their open connections). */
    @Override
    public Set<String> revokedUsers() {
        requireOpen();
        return query(c -> {
            Set<String> names = new HashSet<>();
            try (PreparedStatement q = c.prepareStatement("SELECT name FROM users WHERE revoked_at IS NOT NULL");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /**
     * Adds {@code blocked} to {@code user}'s block list (kept until {@link #unblock}); returns the list, sorted.
     *
     * @throws UserStoreException if a name is invalid or the list already holds {@code max} names
     */
    @Override
    public List<String> block(String user, String blocked, int max) throws UserStoreException {
        requireOpen();
        requireName(user);
        requireName(blocked);
        try {
            return db.write(c -> BlockTable.block(c, user, blocked, clock.millis(), max));
        } catch (SQLException e) {
            throw new UserStoreException("cannot block '" + blocked + "' for '" + user + "': " + e.getMessage(), e);
        }
    }

    /** Takes {@code blocked} off {@code user}'s block list; returns the list, sorted. */
    @Override
    public List<String> unblock(String user, String blocked) throws UserStoreException {
        requireOpen();
        requireName(user);
        requireName(blocked);
        try {
            return db.write(c -> BlockTable.unblock(c, user, blocked));
        } catch (SQLException e) {
            throw new UserStoreException("cannot unblock '" + blocked + "' for '" + user + "': " + e.getMessage(), e);
        }
    }

    /** The users {@code user} blocks, sorted. */
    @Override
    public List<String> blockedBy(String user) throws UserStoreException {
        requireOpen();
        try {
            return db.read(c -> BlockTable.blockedBy(c, user));
        } catch (SQLException e) {
            throw new UserStoreException("cannot read the block list of '" + user + "': " + e.getMessage(), e);
        }
    }

    /** All users, by name. */
    public List<UserInfo> list() throws UserStoreException {
        requireOpen();
        try {
            return db.read(c -> {
                List<UserInfo> users = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement("SELECT u.name, u.created_at, u.revoked_at,"
                                + " (SELECT COUNT(*) FROM tokens t WHERE t.user_name = u.name) FROM users u"
                                + " ORDER BY u.name");
                        ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        long revoked = rs.getLong(3);
                        Optional<Instant> revokedAt =
                                rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
                        users.add(new UserInfo(
                                rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), revokedAt, rs.getInt(4)));
                    }
                }
                return users;
            });
        } catch (SQLException e) {
            throw new UserStoreException("cannot list users in " + db + ": " + e.getMessage(), e);
        }
    }

    /** Where the users live; never shows a password. */
    @Override
    public String toString() {
        return db.toString();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        db.close();
    }

    /** A read the hub makes on every sign-in or tick: a failing database is a server fault, not the caller's. */
    private <T> T query(UserDatabase.Work<T> work) {
        try {
            return db.read(work);
        } catch (SQLException | UserStoreException e) {
            throw new IllegalStateException("user database " + db + " failed: " + e.getMessage(), e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("user store " + db + " is closed");
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
