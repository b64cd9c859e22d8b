-- Jobs move to River (issue 11, item 3). River's own tables (river_job, …) are created by River's migrator,
-- which runs before this file. A message now points at River's job by its integer id, without a foreign
-- key: River deletes finished jobs after the retention period, and the message may outlive its job.
-- Messages still waiting in the old queue get a River job each, so an upgrade loses none; then the old
-- jobs table goes.
ALTER TABLE mail_messages DROP CONSTRAINT IF EXISTS mail_messages_job_id_fkey;
ALTER TABLE mail_messages ALTER COLUMN job_id DROP NOT NULL;
ALTER TABLE mail_messages ALTER COLUMN job_id TYPE BIGINT USING NULL;
CREATE INDEX mail_messages_state ON mail_messages (state, created_at);
INSERT INTO river_job (args, kind, max_attempts, queue, state)
    SELECT jsonb_build_object('message_id', id), 'mail.send', 8, 'mail', 'available' FROM mail_messages WHERE state = 'queued';
UPDATE mail_messages m SET job_id = r.id FROM river_job r
    WHERE m.state = 'queued' AND r.kind = 'mail.send' AND r.args->>'message_id' = m.id;
DROP TABLE jobs;
