-- Issue 19: the Mail log pages by key (queued time, then id, newest first) instead of skipping rows with
-- OFFSET; the id in the index lets each page seek straight to its key.
DROP INDEX mail_messages_practice;
CREATE INDEX mail_messages_practice ON mail_messages (practice_id, created_at, id);

-- A clinician's list of the clients in care (their own charts, Active and Pending: one record state)
-- counts its matches up to the cap and walks its pages, either way, from this one index, without reading
-- each chart's row for its state. (practice, clinician, sort name, id) from migration 021 stays for the
-- sort by clinician over every status.
CREATE INDEX charts_practice_clinician_state ON charts (practice_id, assigned_clinician_id, record_state, sort_name, id);
