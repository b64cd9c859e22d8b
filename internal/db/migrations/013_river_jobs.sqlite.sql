-- Jobs move to River (issue 11, item 3). River's own tables (river_job, …) are created by River's migrator,
-- which runs before this file. A message now points at River's job by its integer id, without a foreign
-- key: River deletes finished jobs after the retention period, and the message may outlive its job.
-- Messages still waiting in the old queue get a River job each, so an upgrade loses none; then the old
-- jobs table goes.
CREATE TABLE mail_messages_river (
    id TEXT PRIMARY KEY,
    practice_id TEXT,
    job_id BIGINT,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    -- queued, sent (to the SMTP server), written (as an .eml file), failed
    state TEXT NOT NULL DEFAULT 'queued',
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
INSERT INTO mail_messages_river (id, practice_id, job_id, to_address, subject, text_body, html_body, state, last_error, created_at, sent_at)
    SELECT id, practice_id, NULL, to_address, subject, text_body, html_body, state, last_error, created_at, sent_at FROM mail_messages;
DROP TABLE mail_messages;
ALTER TABLE mail_messages_river RENAME TO mail_messages;
CREATE INDEX mail_messages_practice ON mail_messages (practice_id, created_at);
CREATE INDEX mail_messages_state ON mail_messages (state, created_at);
INSERT INTO river_job (args, kind, max_attempts, queue, state)
    SELECT jsonb(json_object('message_id', id)), 'mail.send', 8, 'mail', 'available' FROM mail_messages WHERE state = 'queued';
UPDATE mail_messages SET job_id = (SELECT r.id FROM river_job r WHERE r.kind = 'mail.send'
    AND json_extract(r.args, '$.message_id') = mail_messages.id) WHERE state = 'queued';
DROP TABLE jobs;
