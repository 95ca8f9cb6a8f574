-- Sessions: one header row for look-ups, sweeps and the version compare-and-set, and an
-- append-only log of commits (the same model as the SQLite schema).
CREATE TABLE sessions (
    id               uuid   NOT NULL PRIMARY KEY,
    code             text   NOT NULL,
    kind             text   NOT NULL,
    title            text   NOT NULL,
    status           text   NOT NULL CHECK (status IN ('active', 'ended')),
    version          bigint NOT NULL,
    created_at       bigint NOT NULL,
    last_activity_at bigint NOT NULL,
    ended_at         bigint
);

-- A code is unique among sessions that have not ended; ended ones keep theirs for read-only look-ups.
CREATE UNIQUE INDEX ux_sessions_active_code ON sessions (code) WHERE status = 'active';
CREATE INDEX ix_sessions_code ON sessions (code, ended_at);
CREATE INDEX ix_sessions_activity ON sessions (status, last_activity_at);

-- One row per acknowledged mutation; the primary key makes two writers of one version impossible.
-- Events are stored as text, not jsonb: jsonb reorders keys and the type discriminator must stay first.
CREATE TABLE session_commits (
    session_id uuid   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    version    bigint NOT NULL,
    at         bigint NOT NULL,
    events     text   NOT NULL,
    PRIMARY KEY (session_id, version)
);
