package io.dejavu.signaling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user database's schema, migrated by Flyway from one set of scripts ({@value #LOCATION}) on SQLite and
 * PostgreSQL alike (ADR 0309); the placeholders {@code ${blob}} and {@code ${withoutRowid}} are the only dialect
 * differences. A SQLite file from before Flyway (its tables, no history) is baselined at version 1, whose DDL is
 * that file's, and migrated on in place. On PostgreSQL Flyway's lock lets several nodes start at once.
 */
final class UserSchema {
    private static final Logger LOG = LoggerFactory.getLogger(UserSchema.class);
    /** The newest schema this server knows. */
    static final int LATEST = 2;

    static final String LOCATION = "classpath:io/dejavu/signaling/db/migration";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private UserSchema() {}

    /** Migrates a SQLite file; {@code db} is an open connection to it, to look before Flyway runs. */
    static void migrateSqlite(DataSource ds, Connection db) throws SQLException {
        Map<String, String> dialect = Map.of("blob", "BLOB", "withoutRowid", " WITHOUT ROWID");
        if (!hasSqliteTable(db, HISTORY_TABLE) && hasSqliteTable(db, "users")) {
            try {
                flyway(ds, dialect)
                        .baselineVersion("1")
                        .baselineDescription("user database from before Flyway")
                        .load()
                        .baseline();
                LOG.info("user database from before Flyway baselined at schema version 1");
            } catch (FlywayException e) {
                throw new SQLException("cannot baseline the schema at version 1: " + firstLine(e), e);
            }
        }
        migrate(ds, dialect);
    }

    /** Migrates a PostgreSQL database. */
    static void migratePostgres(DataSource ds) throws SQLException {
        migrate(ds, Map.of("blob", "BYTEA", "withoutRowid", ""));
    }

    private static void migrate(DataSource ds, Map<String, String> dialect) throws SQLException {
        try {
            Flyway flyway = flyway(ds, dialect).load();
            Optional<MigrationInfo> future = Arrays.stream(flyway.info().applied())
                    .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                            || m.getState() == MigrationState.FUTURE_FAILED)
                    .reduce((a, b) -> b);
            if (future.isPresent()) {
                throw new SQLException("database schema version " + future.get().getVersion()
                        + " is newer than this signaling server (" + LATEST + "); use a newer server");
            }
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info(
                        "user database schema migrated from version {} to {}",
                        result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
                        result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new SQLException("cannot migrate the schema: " + firstLine(e), e);
        }
    }

    private static FluentConfiguration flyway(DataSource ds, Map<String, String> dialect) {
        return Flyway.configure(UserSchema.class.getClassLoader())
                .dataSource(ds)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .placeholders(dialect)
                .failOnMissingLocations(true);
    }

    private static boolean hasSqliteTable(Connection db, String name) throws SQLException {
        try (PreparedStatement ps =
                db.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
