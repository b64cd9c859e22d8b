-- Issue 14, item 2 (CL-8): clinical information on a chart. Diagnoses (an ICD-10-CM code of the list Tend
-- ships, checked in Go), medications, and two texts: mental-health history and presenting concerns.
-- Every change writes a revision with the values after it, so the audit log can name the revision before
-- and after a change by id and never holds a code, a medication name or a text.

-- Admins see clinical information only when the practice turns this on (owners and admins change it).
ALTER TABLE practices ADD COLUMN admin_sees_clinical BOOLEAN NOT NULL DEFAULT FALSE;

-- status: active | resolved (resolved_date is set when resolved). At most one active primary per chart.
CREATE TABLE diagnoses (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    revision_id TEXT NOT NULL,
    code TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    is_primary BOOLEAN NOT NULL DEFAULT FALSE,
    onset_date TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    resolved_date TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX diagnoses_chart ON diagnoses (chart_id, created_at, id);
CREATE UNIQUE INDEX diagnoses_one_primary ON diagnoses (chart_id) WHERE is_primary AND status = 'active';

-- Dates are calendar days (YYYY-MM-DD); an empty stop_date means the medication goes on.
CREATE TABLE medications (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    revision_id TEXT NOT NULL,
    name TEXT NOT NULL,
    dose TEXT NOT NULL DEFAULT '',
    frequency TEXT NOT NULL DEFAULT '',
    prescriber TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL DEFAULT '',
    stop_date TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX medications_chart ON medications (chart_id, created_at, id);

-- One row per chart once either text is written.
CREATE TABLE clinical_summaries (
    chart_id TEXT PRIMARY KEY REFERENCES charts(id) ON DELETE CASCADE,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    revision_id TEXT NOT NULL,
    history TEXT NOT NULL DEFAULT '',
    concerns TEXT NOT NULL DEFAULT '',
    updated_by TEXT REFERENCES staff(id),
    updated_at BIGINT NOT NULL
);

-- kind: diagnosis | medication | summary; record_id is the diagnosis, the medication or (summary) the
-- chart. data is the record's values after the change as JSON; a removal keeps the last values and sets
-- removed. Revisions are the record's history and are never changed.
CREATE TABLE clinical_revisions (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    previous_id TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL,
    removed BOOLEAN NOT NULL DEFAULT FALSE,
    author_id TEXT REFERENCES staff(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX clinical_revisions_record ON clinical_revisions (record_id, created_at);
