-- The coaching e-mail outbox (issue 19). Messages are derived from coaching_audit, which every booking
-- change writes in its own transaction: a cursor remembers how far the log has been turned into mail,
-- so no booking transaction changes and a crash after a commit loses nothing.
CREATE TABLE coaching_mail (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    dedupe_key      TEXT    NOT NULL UNIQUE,
    session_id      TEXT    NOT NULL REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    recipient_id    TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    sent_at         INTEGER,
    last_error      TEXT
);
CREATE INDEX ix_coaching_mail_due ON coaching_mail (status, next_attempt_at);

-- One row. Starts after the audit entries that exist now, so upgrading does not mail the past.
CREATE TABLE coaching_mail_cursor (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    audit_id INTEGER NOT NULL,
    floor_id INTEGER NOT NULL
);
INSERT INTO coaching_mail_cursor (id, audit_id, floor_id)
SELECT 1, COALESCE(MAX(id), 0), COALESCE(MAX(id), 0) FROM coaching_audit;

-- Private calendar subscription feeds (webcal://…/api/calendar/{secret}.ics): one per account, only
-- the SHA-256 of the secret is kept, so the table does not hand out working feed addresses.
CREATE TABLE calendar_feeds (
    account_id  TEXT NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);
