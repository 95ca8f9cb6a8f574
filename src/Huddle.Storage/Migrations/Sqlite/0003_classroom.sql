-- Classroom (live Q&A) tables: a projection of the commit log, written in the same transaction as
-- the commit that changes them (Classroom/ClassroomProjection.cs), so they never disagree with it.

-- People. A host is found by display name (name_key: trimmed, NFKC, lower-cased); a participant is
-- a user of their own (name_key NULL): two students both called "Alex" are two people.
CREATE TABLE users (
    id           TEXT    NOT NULL PRIMARY KEY,
    display_name TEXT    NOT NULL,
    name_key     TEXT,
    created_at   INTEGER NOT NULL
);

CREATE UNIQUE INDEX ux_users_name_key ON users (name_key) WHERE name_key IS NOT NULL;

-- The classroom's host; the per-host cap counts active classrooms by this column.
ALTER TABLE sessions ADD COLUMN host_user_id TEXT REFERENCES users (id);
CREATE INDEX ix_sessions_host ON sessions (host_user_id, status) WHERE host_user_id IS NOT NULL;

CREATE TABLE session_participants (
    session_id     TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id        TEXT    NOT NULL REFERENCES users (id),
    participant_id TEXT    NOT NULL,
    display_name   TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('member', 'moderator', 'host')),
    kicked         INTEGER NOT NULL DEFAULT 0 CHECK (kicked IN (0, 1)),
    joined_at      INTEGER NOT NULL,
    PRIMARY KEY (session_id, participant_id),
    UNIQUE (session_id, user_id)
);

CREATE TABLE questions (
    id             TEXT    NOT NULL PRIMARY KEY,
    session_id     TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    author_user_id TEXT    NOT NULL,
    text           TEXT    NOT NULL,
    anonymous      INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'open', 'answered', 'hidden')),
    pinned         INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    asked_at       INTEGER NOT NULL,
    edited_at      INTEGER,
    answered_at    INTEGER,
    FOREIGN KEY (session_id, author_user_id) REFERENCES session_participants (session_id, user_id) ON DELETE CASCADE
);

CREATE INDEX ix_questions_session ON questions (session_id, asked_at);

CREATE TABLE question_votes (
    question_id TEXT    NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_id     TEXT    NOT NULL REFERENCES users (id),
    voted_at    INTEGER NOT NULL,
    PRIMARY KEY (question_id, user_id)
) WITHOUT ROWID;

CREATE INDEX ix_question_votes_user ON question_votes (user_id);
