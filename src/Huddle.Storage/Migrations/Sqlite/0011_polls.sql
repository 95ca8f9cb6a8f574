-- A classroom's polls and their answers: part of the classroom projection (Classroom/ClassroomProjection.cs),
-- written in the transaction of the commit that changes them. One answer per person (primary key).
CREATE TABLE polls (
    id                TEXT    NOT NULL PRIMARY KEY,
    session_id        TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL CHECK (kind IN ('single', 'multiple', 'rating', 'text', 'quiz')),
    question          TEXT    NOT NULL,
    options           TEXT    NOT NULL, -- a JSON array of strings (empty for rating and text)
    correct           INTEGER,          -- a quiz's right option
    allow_change      INTEGER NOT NULL CHECK (allow_change IN (0, 1)),
    named             INTEGER NOT NULL CHECK (named IN (0, 1)),
    results_live      INTEGER NOT NULL CHECK (results_live IN (0, 1)),
    leaderboard_shown INTEGER NOT NULL DEFAULT 0 CHECK (leaderboard_shown IN (0, 1)),
    status            TEXT    NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    created_at        INTEGER NOT NULL,
    launched_at       INTEGER,
    closed_at         INTEGER
);

CREATE INDEX ix_polls_session ON polls (session_id, created_at);

CREATE TABLE poll_answers (
    poll_id     TEXT    NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    session_id  TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    choices     TEXT    NOT NULL, -- option indexes (a rating: its value), comma-separated
    text        TEXT,             -- an open-text answer
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (poll_id, user_id),
    FOREIGN KEY (session_id, user_id) REFERENCES session_participants (session_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;
