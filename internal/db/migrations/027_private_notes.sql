-- Issue 14, items 4 and 5.
--
-- Psychotherapy notes (45 CFR 164.501): a clinician's process notes, kept apart from the rest of the
-- record in their own table. Only their author ever reads them (authz: PsychotherapyNotes, scope own);
-- nothing else (search, the chart's API payload, the portal, exports) joins this table. note_date is the
-- day the note is about (YYYY-MM-DD); body is plain text of at most 100 KB (checked in Go).
CREATE TABLE psychotherapy_notes (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES staff(id),
    note_date TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- An author's notes on one chart, newest first, paged by key.
CREATE INDEX psychotherapy_notes_author ON psychotherapy_notes (chart_id, author_id, note_date, id);

-- Shared reflections (PT-6, PT-10): a note written for the client in Markdown. The portal shows one
-- while shared_at is set; unsharing clears it.
CREATE TABLE reflections (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES staff(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    shared_at BIGINT,
    shared_by TEXT REFERENCES staff(id)
);
CREATE INDEX reflections_chart ON reflections (chart_id, created_at, id);
