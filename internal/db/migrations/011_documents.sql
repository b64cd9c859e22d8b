-- Forms and documents (issue 6): a practice's template library with immutable versions, and the
-- requests made on charts. Fields and answers are JSON text: their shape is checked in Go (model).

CREATE TABLE document_templates (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    -- the built-in a practice started with ("intake", "consent", "roi", "phq9", "gad7"), else ''
    builtin_key TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    scoring TEXT NOT NULL DEFAULT '',
    -- the client's legal name goes on the PDF (CL-6)
    uses_legal_name BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL,
    archived_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX document_templates_practice ON document_templates (practice_id, name);
CREATE UNIQUE INDEX document_templates_builtin ON document_templates (practice_id, builtin_key) WHERE builtin_key <> '';

-- Editing a template adds a version; a request keeps the version it was made with (issue 6, item 2).
CREATE TABLE document_template_versions (
    template_id TEXT NOT NULL REFERENCES document_templates(id),
    version INTEGER NOT NULL,
    fields TEXT NOT NULL,
    created_by TEXT REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (template_id, version)
);

-- CL-6: whether the portal intake asks for legal sex (the intake's field marked only "legal_sex").
ALTER TABLE practices ADD COLUMN intake_asks_legal_sex BOOLEAN NOT NULL DEFAULT FALSE;

-- A template sent to a chart (DC-2…DC-7). It belongs to the chart it was made on (PT-8); on a group chart
-- it can be for one member (PT-12: their answers are private to them and staff).
-- state: requested | in_progress | completed | signed | withdrawn.
CREATE TABLE document_requests (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    template_id TEXT NOT NULL REFERENCES document_templates(id),
    version INTEGER NOT NULL,
    member_person_id TEXT REFERENCES persons(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    answers TEXT NOT NULL DEFAULT '{}',
    score INTEGER,
    band TEXT NOT NULL DEFAULT '',
    flag TEXT NOT NULL DEFAULT '',
    requested_by TEXT REFERENCES staff(id),
    requested_at BIGINT NOT NULL,
    mail_id TEXT,
    started_at BIGINT,
    completed_at BIGINT,
    completed_by TEXT,
    signed_at BIGINT,
    signer_name TEXT NOT NULL DEFAULT '',
    signer_ip TEXT NOT NULL DEFAULT '',
    signer_account_id TEXT,
    content_sha256 TEXT NOT NULL DEFAULT '',
    reviewed_at BIGINT,
    reviewed_by TEXT REFERENCES staff(id),
    withdrawn_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX document_requests_chart ON document_requests (chart_id, requested_at);
CREATE INDEX document_requests_template ON document_requests (template_id);
CREATE INDEX document_requests_review ON document_requests (practice_id, state, reviewed_at);
