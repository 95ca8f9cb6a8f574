-- Coaching: accounts with roles, coach profiles, booked sessions, their audit log and idempotency keys.
-- Times are Unix milliseconds; ids are GUID text.
CREATE TABLE accounts (
    id            TEXT    NOT NULL PRIMARY KEY,
    email         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_accounts_email ON accounts (email);

CREATE TABLE account_roles (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('client', 'coach', 'admin')),
    PRIMARY KEY (account_id, role)
) WITHOUT ROWID;

CREATE TABLE coach_profiles (
    account_id   TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    time_zone    TEXT    NOT NULL,
    availability TEXT    NOT NULL,
    bio          TEXT,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE coaching_sessions (
    id                TEXT    NOT NULL PRIMARY KEY,
    title             TEXT    NOT NULL,
    description       TEXT,
    coach_id          TEXT    NOT NULL REFERENCES accounts (id),
    client_id         TEXT    NOT NULL REFERENCES accounts (id),
    starts_at         INTEGER NOT NULL,
    ends_at           INTEGER NOT NULL,
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 15 AND 240),
    status            TEXT    NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
    version           INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    started_at        INTEGER,
    completed_at      INTEGER,
    cancelled_at      INTEGER,
    notes             TEXT,
    rating            INTEGER CHECK (rating BETWEEN 1 AND 5),
    feedback          TEXT,
    action_items      TEXT,
    cancel_reason     TEXT,
    cancelled_by      TEXT,
    cancel_fee_cents  INTEGER,
    cancellation_type TEXT,
    refund_requested  INTEGER,
    CHECK (coach_id <> client_id),
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_coaching_sessions_coach ON coaching_sessions (coach_id, starts_at);
CREATE INDEX ix_coaching_sessions_client ON coaching_sessions (client_id, starts_at);

-- Exactly-once booking, enforced by the database whoever writes: a slot-holding session may not
-- overlap another slot-holding session of the same coach or the same client. (SQLite has one
-- writer at a time, so a check inside the write is race-free; PostgreSQL uses exclusion constraints.)
CREATE TRIGGER tr_coaching_sessions_no_overlap
BEFORE INSERT ON coaching_sessions
WHEN NEW.status IN ('scheduled', 'in_progress')
BEGIN
    SELECT RAISE(ABORT, 'coaching_coach_overlap') WHERE EXISTS (
        SELECT 1 FROM coaching_sessions s
        WHERE s.coach_id = NEW.coach_id AND s.status IN ('scheduled', 'in_progress')
          AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at);
    SELECT RAISE(ABORT, 'coaching_client_overlap') WHERE EXISTS (
        SELECT 1 FROM coaching_sessions s
        WHERE s.client_id = NEW.client_id AND s.status IN ('scheduled', 'in_progress')
          AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at);
END;

CREATE TABLE coaching_audit (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    session_id  TEXT    NOT NULL REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    actor_id    TEXT    NOT NULL,
    actor_party TEXT    NOT NULL,
    from_status TEXT,
    to_status   TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    reason      TEXT
);
CREATE INDEX ix_coaching_audit_session ON coaching_audit (session_id, id);

CREATE TABLE coaching_idempotency (
    account_id   TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    session_id   TEXT    NOT NULL REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
) WITHOUT ROWID;
