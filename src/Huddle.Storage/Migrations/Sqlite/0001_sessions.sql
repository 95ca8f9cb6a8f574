-- Sessions: one header row for look-ups and sweeps, and an append-only log of commits.
CREATE TABLE sessions (
    id               TEXT    NOT NULL PRIMARY KEY,
    code             TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    title            TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('active', 'ended')),
    version          INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    ended_at         INTEGER
);

-- A code is unique among sessions that have not ended; ended ones keep theirs for read-only look-ups.
CREATE UNIQUE INDEX ux_sessions_active_code ON sessions (code) WHERE status = 'active';
CREATE INDEX ix_sessions_code ON sessions (code, ended_at);
CREATE INDEX ix_sessions_activity ON sessions (status, last_activity_at);

-- One row per acknowledged mutation; the primary key makes two writers of one version impossible.
CREATE TABLE session_commits (
    session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    events     TEXT    NOT NULL,
    PRIMARY KEY (session_id, version)
) WITHOUT ROWID;
