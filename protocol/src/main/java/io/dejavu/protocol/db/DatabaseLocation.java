package io.dejavu.protocol.db;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a server keeps its state: a SQLite file (the embedded default) or a PostgreSQL database that
 * several nodes share. The caller-model store (its versions, ADR 0203) and the signaling server (users,
 * token hashes, revocations and block lists, ADR 0309) read their {@code --db} value with
 * {@link #parse(String, Optional)}, so both take the same forms.
 *
 * <pre>{@code
 * DatabaseLocation db = DatabaseLocation.parse("jdbc:postgresql://db:5432/signaling?user=dejavu",
 *         Optional.ofNullable(System.getenv("DEJAVU_SIGNALING_DB_PASSWORD")));
 * }</pre>
 *
 * <p>{@link #toString()} never shows a password, so a location may be logged and put in messages.
 */
public sealed interface DatabaseLocation {
    /** What a PostgreSQL URL starts with. */
    String POSTGRES_PREFIX = "jdbc:postgresql://";

    /** One SQLite file, created if missing. */
    record Sqlite(Path file) implements DatabaseLocation {
        public Sqlite {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String toString() {
            return file.toString();
        }
    }

    /**
     * A PostgreSQL database.
     *
     * @param url a {@code jdbc:postgresql://} URL; user and password may be URL parameters
     * @param password the password when the URL has none (e.g. from {@code DEJAVU_STORE_DB_PASSWORD} or {@code DEJAVU_SIGNALING_DB_PASSWORD})
     */
    record Postgres(String url, Optional<String> password) implements DatabaseLocation {
        private static final Pattern SECRET_PARAM = Pattern.compile("(?i)([?&](password|sslpassword)=)[^&]*");

        public Postgres {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(password, "password");
        }

        /** The URL with password parameters masked. */
        @Override
        public String toString() {
            return SECRET_PARAM.matcher(url).replaceAll("$1***");
        }
    }

    static DatabaseLocation sqlite(Path file) {
        return new Sqlite(file);
    }

    /**
     * Reads a {@code --db} value: a {@code jdbc:postgresql://host[:port]/database[?params]} URL, or
     * else a SQLite file path.
     *
     * @param password used for PostgreSQL when the URL carries no {@code password} parameter
     * @throws IllegalArgumentException naming what is wrong, for a malformed URL or another JDBC
     *     database
     */
    static DatabaseLocation parse(String text, Optional<String> password) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException(
                    "the database must be a SQLite file or a " + POSTGRES_PREFIX + " URL, got an empty value");
        }
        if (text.startsWith(POSTGRES_PREFIX)) {
            Properties parsed = org.postgresql.Driver.parseURL(text, null);
            String redacted = new Postgres(text, Optional.empty()).toString();
            if (parsed == null) {
                throw new IllegalArgumentException("'" + redacted + "' is not a valid PostgreSQL URL; expected "
                        + POSTGRES_PREFIX + "host[:port]/database[?user=...]");
            }
            if (text.substring(POSTGRES_PREFIX.length()).indexOf('/') < 0) {
                throw new IllegalArgumentException(
                        "'" + redacted + "' names no database; expected " + POSTGRES_PREFIX + "host[:port]/database");
            }
            boolean urlHasPassword = parsed.getProperty("password") != null;
            return new Postgres(text, urlHasPassword ? Optional.empty() : password.filter(p -> !p.isEmpty()));
        }
        if (text.startsWith("jdbc:")) {
            throw new IllegalArgumentException("only PostgreSQL (" + POSTGRES_PREFIX
                    + "...) or a SQLite file path is supported, got '" + text.replaceAll("[?].*", "?...") + "'");
        }
        try {
            return new Sqlite(Path.of(text));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a usable file path: " + e.getReason(), e);
        }
    }
}
