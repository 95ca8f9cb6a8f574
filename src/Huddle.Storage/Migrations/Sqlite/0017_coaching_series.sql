-- Coaching (issue 19): recurring series and the client no-show fee.
-- Occurrences of one series share series_id (null: a single booking); each stays a normal session row.
ALTER TABLE coaching_sessions ADD COLUMN series_id TEXT;
CREATE INDEX ix_coaching_sessions_series ON coaching_sessions (series_id, starts_at) WHERE series_id IS NOT NULL;

-- The fee charged when the coach marked the client a no-show (0: none).
ALTER TABLE coaching_sessions ADD COLUMN no_show_fee_cents INTEGER NOT NULL DEFAULT 0;
