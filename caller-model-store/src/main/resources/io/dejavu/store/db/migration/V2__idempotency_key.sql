-- Uploads retried after a lost 201 find their version by the client's Idempotency-Key.
ALTER TABLE versions ADD COLUMN idempotency_key TEXT;

CREATE UNIQUE INDEX versions_by_idempotency_key ON versions(caller, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
