-- Issue 18, item 1 (IM-1): a CSV client import, kept per practice so that the wizard (upload, map
-- columns, preview, import) survives leaving the page. The uploaded file is kept as uploaded (its
-- encoding detected on every read); mapping is a JSON array of the field of each column and
-- update_rows a JSON array of the rows whose duplicate updates the existing client instead of being
-- skipped. State: uploaded, mapped, queued, running, done, failed, undone.
CREATE TABLE client_imports (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    file_name TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    content BYTEA NOT NULL,
    mapping TEXT NOT NULL DEFAULT '[]',
    date_order TEXT NOT NULL DEFAULT '',
    update_rows TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL,
    total_rows INTEGER NOT NULL DEFAULT 0,
    created_count INTEGER NOT NULL DEFAULT 0,
    updated_count INTEGER NOT NULL DEFAULT 0,
    skipped_count INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    committed_at BIGINT,
    undone_at BIGINT
);
CREATE INDEX client_imports_practice ON client_imports (practice_id, created_at);

-- What a finished import did, for undo: each chart it created (with its person and a minor's guardian
-- person), or updated (with the chart as it was before, JSON, in before_json).
CREATE TABLE client_import_records (
    import_id TEXT NOT NULL REFERENCES client_imports(id) ON DELETE CASCADE,
    chart_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    guardian_person_id TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (import_id, chart_id)
);
