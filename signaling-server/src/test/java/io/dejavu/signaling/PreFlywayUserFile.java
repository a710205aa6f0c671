package io.dejavu.signaling;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/** A user file exactly as the signaling server wrote it before Flyway (its DDL, one user with one token). */
final class PreFlywayUserFile {
    private PreFlywayUserFile() {}

    /** Creates the file with {@code user}; returns the user's token. */
    static String create(Path file, String user) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL,"
                    + " revoked_at INTEGER)");
            s.execute("CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, user_name TEXT NOT NULL"
                    + " REFERENCES users(name) ON DELETE CASCADE, salt BLOB NOT NULL, hash BLOB NOT NULL,"
                    + " created_at INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS tokens_user ON tokens(user_name)");
            s.execute("CREATE TABLE IF NOT EXISTS blocks (user_name TEXT NOT NULL, blocked TEXT NOT NULL,"
                    + " created_at INTEGER NOT NULL, PRIMARY KEY (user_name, blocked)) WITHOUT ROWID");
            byte[] salt = new byte[16];
            byte[] secret = new byte[32];
            salt[0] = 1;
            secret[0] = 2;
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            byte[] hash = sha.digest(secret);
            try (PreparedStatement u = db.prepareStatement("INSERT INTO users(name, created_at) VALUES (?, 1)");
                    PreparedStatement t = db.prepareStatement(
                            "INSERT INTO tokens(id, user_name, salt, hash, created_at) VALUES ('oldid', ?, ?, ?, 1)")) {
                u.setString(1, user);
                u.executeUpdate();
                t.setString(1, user);
                t.setBytes(2, salt);
                t.setBytes(3, hash);
                t.executeUpdate();
            }
            return "dv1.oldid." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        }
    }

    /** The newest version in Flyway's history of the file. */
    static int schemaVersion(Path file) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history" + " WHERE success = 1")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
