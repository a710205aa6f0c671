-- One counter that every change to who may sign in (revoke, re-enable) increments in the same
-- transaction: each node polls it a few times a second and reads the revoked users only when it
-- moved. SQLite's PRAGMA data_version did this for one file; it does not exist on PostgreSQL.
CREATE TABLE user_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    stamp BIGINT NOT NULL
);

INSERT INTO user_changes (id, stamp) VALUES (1, 0);
