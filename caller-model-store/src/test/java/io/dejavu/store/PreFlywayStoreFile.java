package io.dejavu.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * A SQLite store file exactly as the store wrote it before Flyway: schema 1, or 2 with the
 * idempotency key, its version in {@code PRAGMA user_version}. The DDL is the old store's, verbatim.
 */
final class PreFlywayStoreFile implements AutoCloseable {
    private final Connection c;
    private final int schema;

    PreFlywayStoreFile(Path file, int schema) throws SQLException {
        if (schema < 1 || schema > 2) {
            throw new IllegalArgumentException("the store before Flyway had schemas 1 and 2, not " + schema);
        }
        this.schema = schema;
        this.c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA journal_mode = WAL");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS callers("
                    + "name TEXT PRIMARY KEY, last_version INTEGER NOT NULL, active_version INTEGER)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS versions("
                    + "caller TEXT NOT NULL REFERENCES callers(name), version INTEGER NOT NULL,"
                    + " sha256 TEXT NOT NULL, size INTEGER NOT NULL, metadata TEXT NOT NULL,"
                    + " uploaded_at TEXT NOT NULL, bundle BLOB NOT NULL, PRIMARY KEY(caller, version))");
            if (schema >= 2) {
                s.executeUpdate("ALTER TABLE versions ADD COLUMN idempotency_key TEXT");
                s.executeUpdate("CREATE UNIQUE INDEX versions_by_idempotency_key ON versions(caller,"
                        + " idempotency_key) WHERE idempotency_key IS NOT NULL");
            }
            s.executeUpdate("PRAGMA user_version = " + schema);
        }
    }

    /** Stores {@code bundle} as the caller's next version, as the old store's publish did. */
    int publish(String caller, ModelBundle bundle, boolean activate, String key) throws SQLException {
        int version;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_version FROM callers WHERE name = ?")) {
            ps.setString(1, caller);
            try (var rs = ps.executeQuery()) {
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
        byte[] zip = bundle.toZip();
        String columns = "caller, version, sha256, size, metadata, uploaded_at, bundle"
                + (schema >= 2 ? ", idempotency_key" : "");
        String values = "?, ?, ?, ?, ?, ?, ?" + (schema >= 2 ? ", ?" : "");
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO versions(" + columns + ") VALUES (" + values + ")")) {
            ps.setString(1, caller);
            ps.setInt(2, version);
            ps.setString(3, bundle.sha256());
            ps.setLong(4, zip.length);
            ps.setString(5, new String(bundle.metadataJson(), StandardCharsets.UTF_8));
            ps.setString(6, Instant.parse("2026-01-02T03:04:05Z").toString());
            ps.setBytes(7, zip);
            if (schema >= 2) {
                ps.setString(8, key);
            }
            ps.executeUpdate();
        }
        return version;
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
