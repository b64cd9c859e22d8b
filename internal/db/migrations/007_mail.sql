-- Outgoing email (issue 5). A message is stored with its job, in the transaction of the change that
-- causes it; once sent (or written to a file) its bodies are cleared, since they may hold a single-use
-- link. Recipient, subject, state and the reason of a failure stay for the Mail log.
CREATE TABLE mail_messages (
    id TEXT PRIMARY KEY,
    practice_id TEXT,
    job_id TEXT NOT NULL REFERENCES jobs(id),
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
CREATE INDEX mail_messages_practice ON mail_messages (practice_id, created_at);
