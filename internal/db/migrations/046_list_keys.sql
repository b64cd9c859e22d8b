-- Issue 19: the Mail log pages by key (queued time, then id, newest first) instead of skipping rows with
-- OFFSET; the id in the index lets each page seek straight to its key. (The client list's keys use the
-- indexes it already has: (practice, sort name, id), (practice, created, id), and (practice, state,
-- pending, sort name, id) and (practice, clinician, sort name, id) from migration 021.)
DROP INDEX mail_messages_practice;
CREATE INDEX mail_messages_practice ON mail_messages (practice_id, created_at, id);
