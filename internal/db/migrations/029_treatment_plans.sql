-- Issue 15: treatment plans (TP-1, TP-2, CL-5, PT-10).
--
-- A plan belongs to a chart. Everything it says lives in its versions: each saved change, restore or
-- generated draft adds one, and a version is never changed afterwards (030 makes the database refuse
-- it). A version's content is canonical JSON (model.PlanContent) with its SHA-256; a signature records
-- the hash of the version it signed, so a new version starts unsigned and the signed one stays readable.
CREATE TABLE treatment_plans (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    -- active | closed
    state TEXT NOT NULL DEFAULT 'active',
    -- copied from the newest version, for lists, Overview and the review sweep
    title TEXT NOT NULL,
    current_version INTEGER NOT NULL DEFAULT 0,
    -- YYYY-MM-DD in the practice's calendar, '' for none
    review_date TEXT NOT NULL DEFAULT '',
    -- the review date the clinician was last emailed about, so each date is announced once
    review_notice_for TEXT NOT NULL DEFAULT '',
    -- shared to the portal (PT-10): clients read the newest version the clinician signed
    shared_at BIGINT,
    shared_by TEXT REFERENCES staff(id),
    created_by TEXT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX treatment_plans_chart ON treatment_plans (chart_id, created_at);
-- Plans coming up for review across the installation (the daily sweep) and per practice.
CREATE INDEX treatment_plans_review ON treatment_plans (state, review_date);

CREATE TABLE treatment_plan_versions (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    plan_id TEXT NOT NULL REFERENCES treatment_plans(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    -- written | restored | builtin | llm
    source TEXT NOT NULL,
    -- what made it, without clinical content: "version 2", "short, professional, structured", a model's name
    source_note TEXT NOT NULL DEFAULT '',
    author_id TEXT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE TABLE treatment_plan_signatures (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    plan_id TEXT NOT NULL REFERENCES treatment_plans(id) ON DELETE CASCADE,
    version_id TEXT NOT NULL REFERENCES treatment_plan_versions(id) ON DELETE CASCADE,
    -- clinician | client
    role TEXT NOT NULL,
    staff_id TEXT REFERENCES staff(id),
    -- the portal account that signed, for a client's signature
    account_id TEXT,
    typed_name TEXT NOT NULL,
    signed_at BIGINT NOT NULL,
    content_sha256 TEXT NOT NULL,
    signer_ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX treatment_plan_signatures_version ON treatment_plan_signatures (version_id, signed_at);

-- Issue 15, item 4: how many days before a plan's review date its clinician is emailed.
ALTER TABLE practices ADD COLUMN plan_review_notice_days INTEGER NOT NULL DEFAULT 14;
-- Issue 15, item 6: the installation's language-model endpoint may draft plans for this practice.
ALTER TABLE practices ADD COLUMN plan_drafts_external BOOLEAN NOT NULL DEFAULT TRUE;
