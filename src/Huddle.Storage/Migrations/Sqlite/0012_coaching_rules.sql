-- Coaching booking rules per coach (issue 19): minimum notice, buffers, a daily maximum, a horizon and
-- the offered lengths (comma-separated minutes, empty: any). 0 means "no limit of this kind".
ALTER TABLE coach_rules ADD COLUMN min_notice_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE coach_rules ADD COLUMN buffer_before_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE coach_rules ADD COLUMN buffer_after_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE coach_rules ADD COLUMN max_sessions_per_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE coach_rules ADD COLUMN horizon_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE coach_rules ADD COLUMN lengths TEXT NOT NULL DEFAULT '';

-- No-shows and missed sessions. SQLite cannot widen the status CHECK of 0004 without rebuilding a
-- table that three others reference with ON DELETE CASCADE, so such a row keeps status 'cancelled'
-- (it holds no slot, exactly as the overlap triggers and constraints need) and ended_as says which.
ALTER TABLE coaching_sessions ADD COLUMN ended_as TEXT CHECK (ended_as IN ('no_show', 'missed'));
ALTER TABLE coaching_sessions ADD COLUMN missed_at INTEGER;

-- The overdue sweep's candidates: open sessions by their booked end.
CREATE INDEX ix_coaching_sessions_open_end ON coaching_sessions (ends_at) WHERE status IN ('scheduled', 'in_progress');
