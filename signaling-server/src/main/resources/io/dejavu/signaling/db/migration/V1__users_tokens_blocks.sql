-- The user database as the signaling server kept it before Flyway (a SQLite file from then is
-- baselined at this version). Times are epoch milliseconds.
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    salt ${blob} NOT NULL,
    hash ${blob} NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS tokens_user ON tokens(user_name);

CREATE TABLE IF NOT EXISTS blocks (
    user_name TEXT NOT NULL,
    blocked TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_name, blocked)
)${withoutRowid};
