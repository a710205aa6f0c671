-- Who published a version with their own publish credential (ADR 0308); NULL for the admin.
ALTER TABLE versions ADD COLUMN published_by TEXT;

CREATE INDEX versions_by_publisher ON versions(published_by, uploaded_at) WHERE published_by IS NOT NULL;
