-- Coaching webhooks (issue 19). Deliveries are derived from coaching_audit past a cursor, as the e-mail
-- outbox's are (0010): no booking transaction changes, and a crash after a commit loses nothing.
-- owner_id is the coach whose sessions the hook hears of; NULL is an admin's hook (every coach's).
-- The secret must be kept to sign with (a hash would not do); it is never sent back after creation.
CREATE TABLE webhooks (
    id         text   NOT NULL PRIMARY KEY,
    owner_id   text   REFERENCES accounts (id) ON DELETE CASCADE,
    url        text   NOT NULL,
    events     text   NOT NULL,
    secret     text   NOT NULL,
    created_at bigint NOT NULL
);
CREATE INDEX ix_webhooks_owner ON webhooks (owner_id);

CREATE TABLE webhook_deliveries (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id       text    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id         text    NOT NULL,
    event            text    NOT NULL,
    session_id       text    NOT NULL,
    payload          text    NOT NULL,
    created_at       bigint  NOT NULL,
    status           text    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  bigint  NOT NULL,
    lease_until      bigint,
    last_attempt_at  bigint,
    last_status_code integer,
    last_error       text,
    response_excerpt text,
    delivered_at     bigint,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

-- One row. Starts after the audit entries that exist now, so upgrading announces nothing from the past.
CREATE TABLE webhook_cursor (
    id       integer NOT NULL PRIMARY KEY CHECK (id = 1),
    audit_id bigint  NOT NULL,
    floor_id bigint  NOT NULL
);
INSERT INTO webhook_cursor (id, audit_id, floor_id)
SELECT 1, COALESCE(MAX(id), 0), COALESCE(MAX(id), 0) FROM coaching_audit;
