-- Classroom (live Q&A) tables: a projection of the commit log, written in the same transaction as
-- the commit that changes them (Classroom/ClassroomProjection.cs), so they never disagree with it.

-- People. A host is found by display name (name_key: trimmed, NFKC, lower-cased); a participant is
-- a user of their own (name_key NULL): two students both called "Alex" are two people.
CREATE TABLE users (
    id           text   NOT NULL PRIMARY KEY,
    display_name text   NOT NULL,
    name_key     text,
    created_at   bigint NOT NULL
);

CREATE UNIQUE INDEX ux_users_name_key ON users (name_key) WHERE name_key IS NOT NULL;

-- The classroom's host; the per-host cap counts active classrooms by this column, under a lock
-- on the host's users row (SELECT ... FOR UPDATE), so concurrent creates for one host serialise.
ALTER TABLE sessions ADD COLUMN host_user_id text REFERENCES users (id);
CREATE INDEX ix_sessions_host ON sessions (host_user_id, status) WHERE host_user_id IS NOT NULL;

CREATE TABLE session_participants (
    session_id     uuid    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id        text    NOT NULL REFERENCES users (id),
    participant_id text    NOT NULL,
    display_name   text    NOT NULL,
    role           text    NOT NULL CHECK (role IN ('member', 'moderator', 'host')),
    kicked         boolean NOT NULL DEFAULT false,
    joined_at      bigint  NOT NULL,
    PRIMARY KEY (session_id, participant_id),
    UNIQUE (session_id, user_id)
);

CREATE TABLE questions (
    id             text    NOT NULL PRIMARY KEY,
    session_id     uuid    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    author_user_id text    NOT NULL,
    text           text    NOT NULL,
    anonymous      boolean NOT NULL,
    status         text    NOT NULL CHECK (status IN ('pending', 'open', 'answered', 'hidden')),
    pinned         boolean NOT NULL DEFAULT false,
    asked_at       bigint  NOT NULL,
    edited_at      bigint,
    answered_at    bigint,
    FOREIGN KEY (session_id, author_user_id) REFERENCES session_participants (session_id, user_id) ON DELETE CASCADE
);

CREATE INDEX ix_questions_session ON questions (session_id, asked_at);

CREATE TABLE question_votes (
    question_id text   NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_id     text   NOT NULL REFERENCES users (id),
    voted_at    bigint NOT NULL,
    PRIMARY KEY (question_id, user_id)
);

CREATE INDEX ix_question_votes_user ON question_votes (user_id);
