-- The store's schema 1, the same on SQLite and PostgreSQL; ${blob} is BLOB or BYTEA.
-- A caller's last_version only grows (a deleted version's number is not handed out again);
-- bundles live in the database so every store node sharing it sees them.
CREATE TABLE callers(
    name TEXT PRIMARY KEY,
    last_version INTEGER NOT NULL,
    active_version INTEGER);

CREATE TABLE versions(
    caller TEXT NOT NULL REFERENCES callers(name),
    version INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    metadata TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    bundle ${blob} NOT NULL,
    PRIMARY KEY(caller, version));
