-- A coach's own video link and external busy calendars (issue 19). The calendar URL may carry a secret
-- token: the server reads it only to fetch the feed, and shows the coach a masked form.
CREATE TABLE coach_meeting_links (
    coach_id   TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    url        TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE coach_busy_calendars (
    id              TEXT    NOT NULL PRIMARY KEY,
    coach_id        TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url             TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_success_at INTEGER,
    last_error      TEXT,
    busy_count      INTEGER
);

CREATE INDEX ix_coach_busy_calendars_coach ON coach_busy_calendars (coach_id, created_at);
