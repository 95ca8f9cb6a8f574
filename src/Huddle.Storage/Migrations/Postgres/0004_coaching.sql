-- Coaching: accounts with roles, coach profiles, booked sessions, their audit log and idempotency keys.
-- Times are Unix milliseconds; ids are GUID text (as in the SQLite schema, so both stores share their SQL).
CREATE TABLE accounts (
    id            text    NOT NULL PRIMARY KEY,
    email         text    NOT NULL,
    name          text    NOT NULL,
    password_hash text    NOT NULL,
    failed_logins bigint NOT NULL DEFAULT 0,
    locked_until  bigint,
    created_at    bigint NOT NULL
);
CREATE UNIQUE INDEX ux_accounts_email ON accounts (email);

CREATE TABLE account_roles (
    account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('client', 'coach', 'admin')),
    PRIMARY KEY (account_id, role)
);

CREATE TABLE coach_profiles (
    account_id   text    NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    time_zone    text    NOT NULL,
    availability text    NOT NULL,
    bio          text,
    updated_at   bigint NOT NULL
);

CREATE TABLE coaching_sessions (
    id                text    NOT NULL PRIMARY KEY,
    title             text    NOT NULL,
    description       text,
    coach_id          text    NOT NULL REFERENCES accounts (id),
    client_id         text    NOT NULL REFERENCES accounts (id),
    starts_at         bigint NOT NULL,
    ends_at           bigint NOT NULL,
    duration_minutes  bigint NOT NULL CHECK (duration_minutes BETWEEN 15 AND 240),
    status            text    NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
    version           bigint NOT NULL,
    created_at        bigint NOT NULL,
    started_at        bigint,
    completed_at      bigint,
    cancelled_at      bigint,
    notes             text,
    rating            bigint CHECK (rating BETWEEN 1 AND 5),
    feedback          text,
    action_items      text,
    cancel_reason     text,
    cancelled_by      text,
    cancel_fee_cents  bigint,
    cancellation_type text,
    refund_requested  bigint,
    CHECK (coach_id <> client_id),
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_coaching_sessions_coach ON coaching_sessions (coach_id, starts_at);
CREATE INDEX ix_coaching_sessions_client ON coaching_sessions (client_id, starts_at);

-- Exactly-once booking, enforced by the database whoever writes: a slot-holding session may not
-- overlap another slot-holding session of the same coach or the same client. Concurrent inserts
-- for one slot: the exclusion constraint lets exactly one commit.
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE coaching_sessions ADD CONSTRAINT ex_coaching_coach_overlap
    EXCLUDE USING gist (coach_id WITH =, int8range(starts_at, ends_at) WITH &&)
    WHERE (status IN ('scheduled', 'in_progress'));
ALTER TABLE coaching_sessions ADD CONSTRAINT ex_coaching_client_overlap
    EXCLUDE USING gist (client_id WITH =, int8range(starts_at, ends_at) WITH &&)
    WHERE (status IN ('scheduled', 'in_progress'));

CREATE TABLE coaching_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id  text    NOT NULL REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    at          bigint NOT NULL,
    actor_id    text    NOT NULL,
    actor_party text    NOT NULL,
    from_status text,
    to_status   text    NOT NULL,
    action      text    NOT NULL,
    reason      text
);
CREATE INDEX ix_coaching_audit_session ON coaching_audit (session_id, id);

CREATE TABLE coaching_idempotency (
    account_id   text    NOT NULL,
    key          text    NOT NULL,
    request_hash text    NOT NULL,
    session_id   text    NOT NULL REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    created_at   bigint NOT NULL,
    PRIMARY KEY (account_id, key)
);
