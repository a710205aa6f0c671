package io.dejavu.signaling;

import io.dejavu.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite file through one connection, taken in turns: the embedded default. The CLI adds and revokes users
 * while the server runs, so the file is in WAL mode with a busy timeout.
 */
final class SqliteUserDatabase implements UserDatabase {
    private static final int BUSY_TIMEOUT_MS = 5000;

    private final Path file;
    private final Connection db;
    private final ReentrantLock lock = new ReentrantLock();

    private SqliteUserDatabase(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    static SqliteUserDatabase open(Path file) throws UserStoreException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UserStoreException(
                    "cannot create the folder for user database " + file + ": " + e.getMessage(), e);
        }
        try {
            // Readable by its owner only: it holds token hashes and who blocked whom.
            PrivateFiles.createOwnerOnly(file);
        } catch (IOException e) {
            throw new UserStoreException("cannot create user database " + file + ": " + e.getMessage(), e);
        }
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            Connection db = DriverManager.getConnection(url);
            try {
                try (Statement s = db.createStatement()) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
                    s.execute("PRAGMA foreign_keys=ON");
                }
                UserSchema.migrateSqlite(dataSource(url), db);
                return new SqliteUserDatabase(file, db);
            } catch (SQLException | RuntimeException e) {
                db.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new UserStoreException("cannot open user database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Flyway's own connections to the file. */
    private static SQLiteDataSource dataSource(String url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    @Override
    public <T> T read(Work<T> work) throws SQLException, UserStoreException {
        lock.lock();
        try {
            return work.run(db);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T write(Work<T> work) throws SQLException, UserStoreException {
        lock.lock();
        try {
            db.setAutoCommit(false);
            try {
                T result = work.run(db);
                db.commit();
                return result;
            } catch (SQLException | UserStoreException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String lockSelected() {
        return "";
    }

    @Override
    public void close() {
        lock.lock();
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close user database " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
