-- Coaching booking rules per coach (issue 19): minimum notice, buffers, a daily maximum, a horizon and
-- the offered lengths (comma-separated minutes, empty: any). 0 means "no limit of this kind".
ALTER TABLE coach_rules ADD COLUMN min_notice_minutes integer NOT NULL DEFAULT 0;
ALTER TABLE coach_rules ADD COLUMN buffer_before_minutes integer NOT NULL DEFAULT 0;
ALTER TABLE coach_rules ADD COLUMN buffer_after_minutes integer NOT NULL DEFAULT 0;
ALTER TABLE coach_rules ADD COLUMN max_sessions_per_day integer NOT NULL DEFAULT 0;
ALTER TABLE coach_rules ADD COLUMN horizon_days integer NOT NULL DEFAULT 0;
ALTER TABLE coach_rules ADD COLUMN lengths text NOT NULL DEFAULT '';

-- No-shows and missed sessions: stored as on SQLite (status 'cancelled', which holds no slot, and
-- ended_as says which), so both providers share one SQL.
ALTER TABLE coaching_sessions ADD COLUMN ended_as text CHECK (ended_as IN ('no_show', 'missed'));
ALTER TABLE coaching_sessions ADD COLUMN missed_at bigint;

-- The overdue sweep's candidates: open sessions by their booked end.
CREATE INDEX ix_coaching_sessions_open_end ON coaching_sessions (ends_at) WHERE status IN ('scheduled', 'in_progress');
