-- Versions their owner deleted with a publish credential (ADR 0308 amendment): when they were
-- published still counts against the hourly self-publish limit, so publish-delete-publish cannot
-- get round it. Admin deletions free slots as before (not recorded here).
CREATE TABLE self_deleted_versions (
    caller       TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    published_by TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    PRIMARY KEY (caller, version)
);

CREATE INDEX self_deleted_by_publisher ON self_deleted_versions(published_by, uploaded_at);
