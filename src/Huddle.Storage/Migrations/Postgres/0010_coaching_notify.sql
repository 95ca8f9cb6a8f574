-- The coaching e-mail outbox (issue 19). Messages are derived from coaching_audit, which every booking
-- change writes in its own transaction: a cursor remembers how far the log has been turned into mail,
-- so no booking transaction changes and a crash after a commit loses nothing.
CREATE TABLE coaching_mail (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key      text    NOT NULL UNIQUE,
    session_id      text    NOT NULL REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    kind            text    NOT NULL,
    recipient_id    text    NOT NULL,
    created_at      bigint  NOT NULL,
    status          text    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at bigint  NOT NULL,
    lease_until     bigint,
    sent_at         bigint,
    last_error      text
);
CREATE INDEX ix_coaching_mail_due ON coaching_mail (status, next_attempt_at);

-- One row. Starts after the audit entries that exist now, so upgrading does not mail the past.
CREATE TABLE coaching_mail_cursor (
    id       integer NOT NULL PRIMARY KEY CHECK (id = 1),
    audit_id bigint  NOT NULL,
    floor_id bigint  NOT NULL
);
INSERT INTO coaching_mail_cursor (id, audit_id, floor_id)
SELECT 1, COALESCE(MAX(id), 0), COALESCE(MAX(id), 0) FROM coaching_audit;

-- Private calendar subscription feeds (webcal://…/api/calendar/{secret}.ics): one per account, only
-- the SHA-256 of the secret is kept, so the table does not hand out working feed addresses.
CREATE TABLE calendar_feeds (
    account_id  text NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret_hash text NOT NULL UNIQUE,
    created_at  bigint NOT NULL
);
