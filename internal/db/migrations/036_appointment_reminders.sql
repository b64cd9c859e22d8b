-- Issue 16, item 5: appointment reminders (AP-1, GR-4, MN-2, CT-2).
--
-- The practice chooses how long before an appointment its reminders go: a list of hours, "24" or
-- "48,2"; and whether the email may name the service.
ALTER TABLE practices ADD COLUMN reminder_lead_hours TEXT NOT NULL DEFAULT '24';
ALTER TABLE practices ADD COLUMN reminder_names_service BOOLEAN NOT NULL DEFAULT FALSE;

-- One row per scheduled appointment and lead time, written in the transaction that books, moves or
-- cancels the appointment: due_at is the appointment's start less the lead (UTC ms). The reminder job
-- claims due rows by setting sent_at in the transaction that queues their emails, so each is sent once
-- whatever restarts or how many instances run; it reads only the due rows, by the partial index.
CREATE TABLE appointment_reminders (
    appointment_id TEXT NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    lead_minutes INTEGER NOT NULL,
    due_at BIGINT NOT NULL,
    sent_at BIGINT,
    -- how many emails the claim queued (0 when nobody had an address or the appointment had passed)
    emailed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (appointment_id, lead_minutes)
);
CREATE INDEX appointment_reminders_due ON appointment_reminders (due_at) WHERE sent_at IS NULL;
