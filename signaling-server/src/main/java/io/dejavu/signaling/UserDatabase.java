package io.dejavu.signaling;

import io.dejavu.protocol.db.DatabaseLocation;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The engine under {@link UserStore}: connections, write transactions, and the one place SQLite and PostgreSQL
 * differ in its SQL ({@link #lockSelected()}). The schema is the same Flyway scripts on both ({@link UserSchema}).
 */
interface UserDatabase extends AutoCloseable {
    /** Work on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, UserStoreException;
    }

    /** Runs {@code work} in autocommit mode. */
    <T> T read(Work<T> work) throws SQLException, UserStoreException;

    /** Runs {@code work} in one transaction, committed if it returns and rolled back if it throws. */
    <T> T write(Work<T> work) throws SQLException, UserStoreException;

    /**
     * What ends a {@code SELECT} so that the rows stay locked until the transaction ends: {@code FOR UPDATE} on
     * PostgreSQL, where another node may write at the same time; nothing on SQLite, whose writers exclude each
     * other.
     */
    String lockSelected();

    @Override
    void close();

    /**
     * Opens the database and migrates its schema.
     *
     * @throws UserStoreException naming the database (never its password) and the reason
     */
    static UserDatabase open(DatabaseLocation location) throws UserStoreException {
        if (location instanceof DatabaseLocation.Sqlite sqlite) {
            return SqliteUserDatabase.open(sqlite.file());
        }
        return PostgresUserDatabase.open((DatabaseLocation.Postgres) location);
    }
}
