-- A question a moderator deleted is removed with undo (issue 20): it keeps its row, status and votes
-- until restored; removed_at (Unix ms) says it is out of every list but the moderators' removed one.
ALTER TABLE questions ADD COLUMN removed_at INTEGER;
