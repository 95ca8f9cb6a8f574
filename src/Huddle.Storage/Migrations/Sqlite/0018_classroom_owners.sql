-- Teachers who own their rooms (issue 20): a classroom created by a signed-in account counts
-- against that account, not against a typed name. owner_account_id is the coaching account's id;
-- the account's own users row (account_id) is what the create transaction locks and what the
-- creator's participant row points at.
ALTER TABLE sessions ADD COLUMN owner_account_id TEXT;
CREATE INDEX ix_sessions_owner ON sessions (owner_account_id, created_at) WHERE owner_account_id IS NOT NULL;

ALTER TABLE users ADD COLUMN account_id TEXT;
CREATE UNIQUE INDEX ux_users_account ON users (account_id) WHERE account_id IS NOT NULL;
