-- A bulk action on many charts runs in chunks, each its own short transaction, so other writes get
-- SQLite's one writer in between (issue 11, item 5). This row is the action's durable state: which
-- charts, how far it got, so a run that stops (a crash, a restart) resumes where it left off.
CREATE TABLE bulk_operations (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    actor_ip TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    -- for tag and untag: the tag
    tag_id TEXT NOT NULL DEFAULT '',
    -- the chosen chart ids, a JSON array in the order they are worked through
    chart_ids TEXT NOT NULL,
    total INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    changed INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX bulk_operations_practice ON bulk_operations (practice_id, created_at);
