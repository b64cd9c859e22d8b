-- Issue 14, item 3: session notes (NT-1, NT-2).
--
-- A note is written on a chart as a draft and locked by signing: the exact content signed is kept with
-- its SHA-256, so it can be checked again. Its body is the template's sections as JSON text
-- ([{"key","label","text"}]); its shape is checked in Go (model). After signing only addenda are added.
CREATE TABLE session_notes (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES staff(id),
    -- soap | dap | birp | free, or the id of a practice's note template
    template TEXT NOT NULL,
    template_name TEXT NOT NULL,
    sections TEXT NOT NULL DEFAULT '[]',
    -- the date of service in the practice's calendar, YYYY-MM-DD, so it sorts as text on both engines
    service_date TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL DEFAULT 0,
    service_type TEXT NOT NULL DEFAULT '',
    mood INTEGER,
    -- draft | signed
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    signed_at BIGINT,
    signed_by TEXT REFERENCES staff(id),
    signer_name TEXT NOT NULL DEFAULT '',
    signed_content TEXT NOT NULL DEFAULT '',
    content_sha256 TEXT NOT NULL DEFAULT '',
    -- the supervisor's co-signature, when the author's notes need one
    needs_cosign BOOLEAN NOT NULL DEFAULT FALSE,
    cosigned_at BIGINT,
    cosigned_by TEXT REFERENCES staff(id),
    cosigner_name TEXT NOT NULL DEFAULT ''
);
-- The Notes tab pages newest first by (service_date, id); the filters narrow within one chart.
CREATE INDEX session_notes_chart ON session_notes (chart_id, service_date, id);
-- Late notes and drafts across the practice (Home's Needs attention).
CREATE INDEX session_notes_open ON session_notes (practice_id, state, service_date);

-- An addendum to a signed note: its own text, reason, author and time. The note never changes.
CREATE TABLE note_addenda (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    note_id TEXT NOT NULL REFERENCES session_notes(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES staff(id),
    reason TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX note_addenda_note ON note_addenda (note_id, created_at);

-- A note unsigned this many days after its date of service is late (Needs attention, badges).
ALTER TABLE practices ADD COLUMN late_note_days INTEGER NOT NULL DEFAULT 3;

-- Issue 14, item 3: a supervisee whose notes need their supervisor's co-signature.
ALTER TABLE staff ADD COLUMN notes_need_cosign BOOLEAN NOT NULL DEFAULT FALSE;
