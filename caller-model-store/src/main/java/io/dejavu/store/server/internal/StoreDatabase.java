package io.dejavu.store.server.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The store's database engine behind {@link ModelRepository}: pooled connections, write
 * transactions, and the few places where SQLite and PostgreSQL differ. Everything else, schema
 * included, is the same SQL on both.
 */
interface StoreDatabase extends AutoCloseable {
    /** Work on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in autocommit mode: each statement sees committed data only. */
    <T> T read(Work<T> work) throws SQLException;

    /** Runs {@code work} in one write transaction, committed if it returns and rolled back if it throws. */
    <T> T write(Work<T> work) throws SQLException;

    /**
     * What ends a {@code SELECT} of the caller's row so that it stays locked until the transaction
     * ends: {@code FOR UPDATE} on PostgreSQL; nothing on SQLite, whose write transactions already
     * exclude each other.
     */
    String lockSelected();

    /** The engine's own consistency check of the database: "ok" when sound. */
    String engineCheck(Connection c) throws SQLException;

    @Override
    void close();
}
