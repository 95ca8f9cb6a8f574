-- Account security (issue 16): a per-account security stamp, carried in every access token, so
-- signing out everywhere or changing the password revokes the tokens issued before. Existing
-- accounts get a random stamp: tokens issued before this migration carry none and must sign in again.
-- failed_logins and locked_until are no longer used (failed logins are slowed per client address, in
-- memory: LoginThrottle) but stay, as migrations only add: nodes still on the older release keep working.
ALTER TABLE accounts ADD COLUMN security_stamp text NOT NULL DEFAULT '';
UPDATE accounts SET security_stamp = md5(random()::text || clock_timestamp()::text || id);
