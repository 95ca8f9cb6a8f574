-- Coaching scheduling: rescheduling (a late fee per booking) and each coach's own booking rules.
ALTER TABLE coaching_sessions ADD COLUMN reschedule_fee_cents INTEGER NOT NULL DEFAULT 0;

-- A reschedule moves a booking by UPDATE, which the insert trigger of 0004 does not see: the same
-- no-overlap rule for the new times, ignoring the row itself (its old slot is the one being left).
CREATE TRIGGER tr_coaching_sessions_no_overlap_on_move
BEFORE UPDATE OF starts_at, ends_at ON coaching_sessions
WHEN NEW.status IN ('scheduled', 'in_progress')
BEGIN
    SELECT RAISE(ABORT, 'coaching_coach_overlap') WHERE EXISTS (
        SELECT 1 FROM coaching_sessions s
        WHERE s.id <> NEW.id AND s.coach_id = NEW.coach_id AND s.status IN ('scheduled', 'in_progress')
          AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at);
    SELECT RAISE(ABORT, 'coaching_client_overlap') WHERE EXISTS (
        SELECT 1 FROM coaching_sessions s
        WHERE s.id <> NEW.id AND s.client_id = NEW.client_id AND s.status IN ('scheduled', 'in_progress')
          AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at);
END;

CREATE TABLE coach_rules (
    coach_id        TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    late_reschedule TEXT    NOT NULL CHECK (late_reschedule IN ('fee', 'refuse')),
    updated_at      INTEGER NOT NULL
);
