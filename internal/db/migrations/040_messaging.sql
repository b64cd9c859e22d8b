-- Issue 17, item 3: secure messaging (MS-1, LS-4, PT-7, PT-12).
--
-- One conversation per chart and portal account: a guardian and a client on the same chart write in
-- separate conversations, each private to its portal user and the chart's care team. Messages carry a
-- per-conversation sequence number (seq), so read markers and unread counts never depend on clock ties.
-- client_seq and staff_seq are the seq of the newest message from each side: whether a reader has
-- something unread is one comparison with their marker.
CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    chart_id TEXT NOT NULL REFERENCES charts(id) ON DELETE CASCADE,
    portal_account_id TEXT NOT NULL REFERENCES portal_accounts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_message_at BIGINT NOT NULL DEFAULT 0,
    last_seq INTEGER NOT NULL DEFAULT 0,
    client_seq INTEGER NOT NULL DEFAULT 0,
    staff_seq INTEGER NOT NULL DEFAULT 0,
    -- the 15-minute throttle of the "a message is waiting" emails, per side (UTC ms, 0 never)
    client_notice_at BIGINT NOT NULL DEFAULT 0,
    staff_notice_at BIGINT NOT NULL DEFAULT 0,
    UNIQUE (chart_id, portal_account_id)
);
-- The inbox reads each part (unread, read) newest first by this index; the unread counts read the
-- conversations with a client message by the second, and each reader's marker by conversation_reads'
-- covering index, without touching the tables' rows.
CREATE INDEX conversations_inbox ON conversations (practice_id, last_message_at, id, client_seq);
CREATE INDEX conversations_unread ON conversations (practice_id, client_seq, id, chart_id);
CREATE INDEX conversations_account ON conversations (portal_account_id);

-- A message: written by a staff member or by the portal account of its conversation (exactly one).
-- file_id is the attachment, wired after the files feature merges (no foreign key yet).
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    seq INTEGER NOT NULL,
    author_staff_id TEXT REFERENCES staff(id),
    author_account_id TEXT REFERENCES portal_accounts(id) ON DELETE SET NULL,
    from_client BOOLEAN NOT NULL,
    body TEXT NOT NULL,
    file_id TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (conversation_id, seq)
);

-- Read markers, one per reader and conversation: reader_kind 'staff' (reader_id a staff id) or
-- 'portal' (a portal account id); read_seq is the newest message seq the reader has seen.
CREATE TABLE conversation_reads (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    reader_kind TEXT NOT NULL,
    reader_id TEXT NOT NULL,
    read_seq INTEGER NOT NULL,
    read_at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, reader_kind, reader_id)
);
CREATE INDEX conversation_reads_cover ON conversation_reads (conversation_id, reader_kind, reader_id, read_seq);
