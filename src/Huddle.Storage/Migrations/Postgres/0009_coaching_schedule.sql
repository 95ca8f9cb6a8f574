-- Coaching scheduling: rescheduling (a late fee per booking) and each coach's own booking rules.
-- A reschedule moves a booking by UPDATE; the exclusion constraints of 0004 check updates as well.
ALTER TABLE coaching_sessions ADD COLUMN reschedule_fee_cents bigint NOT NULL DEFAULT 0;

CREATE TABLE coach_rules (
    coach_id        text   NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    late_reschedule text   NOT NULL CHECK (late_reschedule IN ('fee', 'refuse')),
    updated_at      bigint NOT NULL
);
