-- Issue 17, item 1 (TK-1, PT-12): tasks and homework on a chart, and the staff's private to-dos.
--
-- person_id is one member of a couple or family chart (the task is private to that member and staff,
-- PT-12); NULL is the whole chart: every member with the tasks permission sees it, and one of them
-- marking it done completes it for all. A private row is a staff to-do the portal never shows. due_on is
-- a calendar day in the practice's time zone (YYYY-MM-DD) or NULL. file_id names an attachment once the
-- files feature is wired to tasks (no foreign key until then).
CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    person_id TEXT REFERENCES persons(id) ON DELETE CASCADE,
    private BOOLEAN NOT NULL DEFAULT FALSE,
    title TEXT NOT NULL,
    -- Markdown source; shown rendered and sanitized
    instructions TEXT NOT NULL DEFAULT '',
    due_on TEXT,
    document_request_id TEXT REFERENCES document_requests(id) ON DELETE SET NULL,
    file_id TEXT,
    -- open | done
    status TEXT NOT NULL DEFAULT 'open',
    done_at BIGINT,
    done_by_account_id TEXT REFERENCES portal_accounts(id) ON DELETE SET NULL,
    done_by_staff_id TEXT REFERENCES staff(id),
    -- the client's reply when they marked it done (plain text)
    reply TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- A chart's list, newest first, paged by key.
CREATE INDEX tasks_chart_created ON tasks (chart_id, created_at DESC, id DESC);
-- Overdue counts: open tasks with a due day, by chart.
CREATE INDEX tasks_open_due ON tasks (chart_id, due_on) WHERE status = 'open' AND due_on IS NOT NULL;
