package io.dejavu.store.server.internal;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's schema, migrated by Flyway from one set of scripts ({@value #LOCATION}) on SQLite and
 * PostgreSQL alike; the only dialect difference in them is the bundle column's type ({@code
 * ${blob}}).
 *
 * <p>SQLite files from before Flyway kept their schema version in {@code PRAGMA user_version}
 * (1, or 2 with the idempotency key): they are baselined at that version and migrated on from
 * there, in place.
 */
final class SchemaMigrations {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
    /** The newest schema this store knows. */
    static final int LATEST = 4;
    /** The newest schema a store from before Flyway wrote (its {@code user_version}). */
    static final int LAST_BEFORE_FLYWAY = 2;

    static final String LOCATION = "classpath:io/dejavu/store/db/migration";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private SchemaMigrations() {}

    /** Migrates either kind of store database. */
    static void migrate(StoreDatabase db) throws SQLException {
        if (db instanceof SqliteDatabase sqlite) {
            migrate(sqlite);
        } else {
            migrate((PostgresDatabase) db);
        }
    }

    /** Migrates a SQLite file, baselining one written before Flyway. */
    static void migrate(SqliteDatabase db) throws SQLException {
        if (!db.hasTable(HISTORY_TABLE)) {
            int legacy = db.userVersion();
            if (legacy > LAST_BEFORE_FLYWAY) {
                throw newer(legacy);
            }
            if (legacy > 0) {
                baseline(db.dataSource(), "BLOB", legacy);
            }
        }
        int current = migrate(db.dataSource(), "BLOB");
        db.setUserVersion(current);
    }

    /** Migrates a PostgreSQL database; Flyway's lock lets several store nodes start at once. */
    static void migrate(PostgresDatabase db) throws SQLException {
        migrate(db.dataSource(), "BYTEA");
    }

    private static void baseline(DataSource ds, String blob, int version) throws SQLException {
        try {
            flyway(ds, blob)
                    .baselineVersion(Integer.toString(version))
                    .baselineDescription("store schema " + version + " from before Flyway")
                    .load()
                    .baseline();
            log.info("store database from before Flyway baselined at schema version {}", version);
        } catch (FlywayException e) {
            throw new SQLException("cannot baseline the schema at version " + version + ": " + firstLine(e), e);
        }
    }

    /** Applies pending migrations; returns the schema version now. */
    private static int migrate(DataSource ds, String blob) throws SQLException {
        try {
            Flyway flyway = flyway(ds, blob).load();
            Optional<MigrationInfo> future = Arrays.stream(flyway.info().applied())
                    .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                            || m.getState() == MigrationState.FUTURE_FAILED)
                    .reduce((a, b) -> b);
            if (future.isPresent()) {
                throw newer(Integer.parseInt(future.get().getVersion().getVersion()));
            }
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                log.info(
                        "store schema migrated from version {} to {}",
                        result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
                        result.targetSchemaVersion);
            }
            MigrationInfo current = flyway.info().current();
            return current == null ? 0 : Integer.parseInt(current.getVersion().getVersion());
        } catch (FlywayException e) {
            throw new SQLException("cannot migrate the schema: " + firstLine(e), e);
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource ds, String blob) {
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(ds)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .placeholders(Map.of("blob", blob))
                .failOnMissingLocations(true);
    }

    private static SQLException newer(int version) {
        return new SQLException(
                "database schema version " + version + " is newer than this store (" + LATEST + "); use a newer store");
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
