-- Coaching webhooks (issue 19). Deliveries are derived from coaching_audit past a cursor, as the e-mail
-- outbox's are (0010): no booking transaction changes, and a crash after a commit loses nothing.
-- owner_id is the coach whose sessions the hook hears of; NULL is an admin's hook (every coach's).
-- The secret must be kept to sign with (a hash would not do); it is never sent back after creation.
CREATE TABLE webhooks (
    id         TEXT    NOT NULL PRIMARY KEY,
    owner_id   TEXT    REFERENCES accounts (id) ON DELETE CASCADE,
    url        TEXT    NOT NULL,
    events     TEXT    NOT NULL,
    secret     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_webhooks_owner ON webhooks (owner_id);

CREATE TABLE webhook_deliveries (
    id               INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    webhook_id       TEXT    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id         TEXT    NOT NULL,
    event            TEXT    NOT NULL,
    session_id       TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_until      INTEGER,
    last_attempt_at  INTEGER,
    last_status_code INTEGER,
    last_error       TEXT,
    response_excerpt TEXT,
    delivered_at     INTEGER,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

-- One row. Starts after the audit entries that exist now, so upgrading announces nothing from the past.
CREATE TABLE webhook_cursor (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    audit_id INTEGER NOT NULL,
    floor_id INTEGER NOT NULL
);
INSERT INTO webhook_cursor (id, audit_id, floor_id)
SELECT 1, COALESCE(MAX(id), 0), COALESCE(MAX(id), 0) FROM coaching_audit;
