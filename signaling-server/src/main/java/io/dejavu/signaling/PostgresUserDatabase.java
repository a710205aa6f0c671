package io.dejavu.signaling;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dejavu.protocol.db.DatabaseLocation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL database shared by any number of signaling nodes, through a HikariCP pool; writes are READ
 * COMMITTED transactions. Sign-ins read through the pool in parallel.
 */
final class PostgresUserDatabase implements UserDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresUserDatabase.class);
    private static final int CONNECTIONS = 8;
    private static final int TIMEOUT_S = 10;

    private final String name;
    private final HikariDataSource pool;

    private PostgresUserDatabase(String name, HikariDataSource pool) {
        this.name = name;
        this.pool = pool;
    }

    static PostgresUserDatabase open(DatabaseLocation.Postgres location) throws UserStoreException {
        try {
            probe(location);
            HikariConfig config = new HikariConfig();
            config.setPoolName("signaling-users");
            config.setJdbcUrl(location.url());
            location.password().ifPresent(config::setPassword);
            config.setMaximumPoolSize(CONNECTIONS);
            config.setMinimumIdle(1);
            config.setConnectionTimeout(TIMEOUT_S * 1000L);
            config.setAutoCommit(true);
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
            config.setInitializationFailTimeout(1);
            config.addDataSourceProperty("connectTimeout", Integer.toString(TIMEOUT_S));
            config.addDataSourceProperty("tcpKeepAlive", "true");
            config.addDataSourceProperty("ApplicationName", "dejavu-signaling");
            HikariDataSource pool;
            try {
                pool = new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new SQLException(rootMessage(e), e);
            }
            try {
                UserSchema.migratePostgres(pool);
            } catch (SQLException | RuntimeException e) {
                pool.close();
                throw e;
            }
            return new PostgresUserDatabase(location.toString(), pool);
        } catch (SQLException e) {
            throw new UserStoreException("cannot open user database " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * One plain connection first: an unreachable database or a refused login fails here with the driver's own
     * sentence, instead of a pool start-up error logged with its stack trace.
     */
    private static void probe(DatabaseLocation.Postgres location) throws SQLException {
        Properties props = new Properties();
        location.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", Integer.toString(TIMEOUT_S));
        props.setProperty("loginTimeout", Integer.toString(TIMEOUT_S));
        try (Connection c = new Driver().connect(location.url(), props)) {
            if (c == null) {
                throw new SQLException("not a PostgreSQL URL: " + location);
            }
        }
    }

    /**
     * Reads retry once when the connection turns out dead (the database restarted, a proxy cut it): HikariCP
     * drops that connection, the pool's others are evicted too, and the retry gets a fresh one, so a node's first
     * sign-in after an outage does not fail.
     * Writes do not retry: a commit cut off mid-way may have happened.
     */
    @Override
    public <T> T read(Work<T> work) throws SQLException, UserStoreException {
        // Only a connection that dies while used is retried: a pool that cannot connect at all has already waited
        // its timeout, and a second wait would only double a refused sign-in's delay.
        try (Connection c = pool.getConnection()) {
            try {
                return work.run(c);
            } catch (SQLException e) {
                if (!connectionLost(e)) {
                    throw e;
                }
                LOG.info("connection to {} lost ({}); reading again on a new one", name, e.getSQLState());
                // One dead connection usually means all of them died (a restart): replace them all at once, not
                // one per failed sign-in.
                pool.getHikariPoolMXBean().softEvictConnections();
            }
        }
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    /** SQLSTATE class 08 (connection exception) or 57P01-57P03 (the server shut the session down). */
    private static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    @Override
    public <T> T write(Work<T> work) throws SQLException, UserStoreException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.run(c);
                c.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    try {
                        c.rollback();
                    } catch (SQLException e) {
                        LOG.warn("rollback on {} failed: {}", name, e.getMessage());
                    }
                }
                c.setAutoCommit(true);
            }
        }
    }

    @Override
    public String lockSelected() {
        return " FOR UPDATE";
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return name;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
