-- Issue 17, item 2 (FL-1): files on a chart. The row holds what the app shows and checks; the bytes are
-- stored encrypted (AES-256-GCM, 64 KiB chunks) in file_chunks (storage 'db', the default: in every
-- backup, shared by every app instance) or in the folder TEND_FILES_DIR (storage 'dir').
-- sha256 is the hex SHA-256 of the plaintext, verified on every download.
CREATE TABLE files (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage TEXT NOT NULL CHECK (storage IN ('db', 'dir')),
    -- shared with the chart's portal users who have the files permission
    shared BOOLEAN NOT NULL DEFAULT FALSE,
    -- exactly one uploader: a staff member or a portal account (whose upload only they and staff see
    -- until staff share it; PT-12)
    uploaded_by_staff_id TEXT REFERENCES staff(id),
    uploaded_by_account_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX files_chart ON files (chart_id, created_at, id);

CREATE TABLE file_chunks (
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (file_id, n)
);
