-- A coach's own video link and external busy calendars (issue 19). The calendar URL may carry a secret
-- token: the server reads it only to fetch the feed, and shows the coach a masked form.
CREATE TABLE coach_meeting_links (
    coach_id   text    NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    url        text    NOT NULL,
    updated_at bigint  NOT NULL
);

CREATE TABLE coach_busy_calendars (
    id              text    NOT NULL PRIMARY KEY,
    coach_id        text    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url             text    NOT NULL,
    created_at      bigint  NOT NULL,
    last_attempt_at bigint,
    last_success_at bigint,
    last_error      text,
    busy_count      integer
);

CREATE INDEX ix_coach_busy_calendars_coach ON coach_busy_calendars (coach_id, created_at);
