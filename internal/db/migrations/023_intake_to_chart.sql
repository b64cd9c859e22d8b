-- Issue 13, item 10: intake answers reach the chart.
-- The built-in intake leaves out what the chart already holds, unless the practice wants clients to
-- confirm those details: then they are shown filled in from the chart.
ALTER TABLE practices ADD COLUMN intake_confirms_on_file BOOLEAN NOT NULL DEFAULT FALSE;

-- "Apply to chart": when staff last copied a finished intake's answers to the chart, by whom, and which
-- of its fields they took (names, never values). The chart's own audit event says what changed.
CREATE TABLE intake_applications (
    request_id TEXT PRIMARY KEY REFERENCES document_requests(id) ON DELETE CASCADE,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    applied_by TEXT REFERENCES staff(id),
    applied_at BIGINT NOT NULL,
    fields TEXT NOT NULL DEFAULT ''
);
