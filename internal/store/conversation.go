package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// Reader kinds of conversation_reads.
const (
	ReaderStaff  = "staff"
	ReaderPortal = "portal"
)

const conversationCols = `cv.id, cv.practice_id, cv.chart_id, cv.portal_account_id, cv.created_at, cv.last_message_at, cv.last_seq,
	cv.client_seq, cv.staff_seq, cv.client_notice_at, cv.staff_notice_at`

func scanConversation(s scanner, extra ...any) (model.Conversation, error) {
	var c model.Conversation
	var created, last, cNotice, sNotice int64
	dest := append([]any{&c.ID, &c.PracticeID, &c.ChartID, &c.PortalAccountID, &created, &last, &c.LastSeq, &c.ClientSeq, &c.StaffSeq,
		&cNotice, &sNotice}, extra...)
	if err := s.Scan(dest...); err != nil {
		return c, db.Classify(err)
	}
	c.CreatedAt, c.LastMessageAt, c.ClientNoticeAt, c.StaffNoticeAt = fromMS(created), fromMS(last), fromMS(cNotice), fromMS(sNotice)
	return c, nil
}

// InsertConversation stores a new, empty conversation.
func InsertConversation(ctx context.Context, q Q, c model.Conversation) error {
	_, err := q.ExecContext(ctx, `INSERT INTO conversations (id, practice_id, chart_id, portal_account_id, created_at)
		VALUES ($1, $2, $3, $4, $5)`, c.ID, c.PracticeID, c.ChartID, c.PortalAccountID, ms(c.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert conversation: %w", db.Classify(err))
	}
	return nil
}

// ConversationOf returns the conversation of a chart and portal account, or model.ErrNotFound.
func ConversationOf(ctx context.Context, q Q, chartID, accountID string) (model.Conversation, error) {
	c, err := scanConversation(q.QueryRowContext(ctx, `SELECT `+conversationCols+` FROM conversations cv
		WHERE cv.chart_id = $1 AND cv.portal_account_id = $2`, chartID, accountID))
	if err != nil {
		return c, fmt.Errorf("store: conversation of chart %s: %w", chartID, err)
	}
	return c, nil
}

// ConversationByID returns a conversation of the practice, or model.ErrNotFound.
func ConversationByID(ctx context.Context, q Q, practiceID, conversationID string) (model.Conversation, error) {
	c, err := scanConversation(q.QueryRowContext(ctx, `SELECT `+conversationCols+` FROM conversations cv
		WHERE cv.id = $1 AND cv.practice_id = $2`, conversationID, practiceID))
	if err != nil {
		return c, fmt.Errorf("store: conversation %s: %w", conversationID, err)
	}
	return c, nil
}

// ConversationsOfChart lists a chart's conversations, newest message first.
func ConversationsOfChart(ctx context.Context, q Q, chartID string) ([]model.Conversation, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+conversationCols+` FROM conversations cv WHERE cv.chart_id = $1
		ORDER BY cv.last_message_at DESC, cv.id DESC`, chartID)
	if err != nil {
		return nil, fmt.Errorf("store: conversations of chart: %w", db.Classify(err))
	}
	defer rows.Close()
	var out []model.Conversation
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AppendMessage stores message m as the next of conversation c (m.Seq and the conversation's counters
// are set here) in transaction q. Two messages racing for the same seq: the second fails its UNIQUE.
func AppendMessage(ctx context.Context, q Q, c *model.Conversation, m *model.Message) error {
	m.Seq = c.LastSeq + 1
	_, err := q.ExecContext(ctx, `INSERT INTO messages (id, conversation_id, practice_id, seq, author_staff_id, author_account_id,
		from_client, body, file_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		m.ID, c.ID, c.PracticeID, m.Seq, nullStr(m.AuthorStaffID), nullStr(m.AuthorAccountID), m.FromClient, m.Body,
		nullStr(m.FileID), ms(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert message: %w", db.Classify(err))
	}
	c.LastSeq, c.LastMessageAt = m.Seq, m.CreatedAt
	if m.FromClient {
		c.ClientSeq = m.Seq
	} else {
		c.StaffSeq = m.Seq
	}
	res, err := q.ExecContext(ctx, `UPDATE conversations SET last_seq = $1, last_message_at = $2, client_seq = $3, staff_seq = $4
		WHERE id = $5 AND last_seq = $6`, c.LastSeq, ms(c.LastMessageAt), c.ClientSeq, c.StaffSeq, c.ID, m.Seq-1)
	if err != nil {
		return fmt.Errorf("store: conversation %s counters: %w", c.ID, db.Classify(err))
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("store: conversation %s changed meanwhile: %w", c.ID, model.ErrConflict)
	}
	return nil
}

// SetNoticeAt records when a side was last emailed about conversation id ("client" or "staff").
func SetNoticeAt(ctx context.Context, q Q, conversationID string, toClient bool, at time.Time) error {
	col := "staff_notice_at"
	if toClient {
		col = "client_notice_at"
	}
	if _, err := q.ExecContext(ctx, `UPDATE conversations SET `+col+` = $1 WHERE id = $2`, ms(at), conversationID); err != nil {
		return fmt.Errorf("store: conversation notice: %w", db.Classify(err))
	}
	return nil
}

// messageCols are a message's columns with its attachment's name and size (messageFrom joins them).
const messageCols = `m.id, m.conversation_id, m.practice_id, m.seq, COALESCE(m.author_staff_id, ''), COALESCE(m.author_account_id, ''),
	m.from_client, m.body, COALESCE(m.file_id, ''), COALESCE(f.name, ''), COALESCE(f.size_bytes, 0), m.created_at`

const messageFrom = ` FROM messages m LEFT JOIN files f ON f.id = m.file_id`

func scanMessage(s scanner) (model.Message, error) {
	var m model.Message
	var created int64
	if err := s.Scan(&m.ID, &m.ConversationID, &m.PracticeID, &m.Seq, &m.AuthorStaffID, &m.AuthorAccountID, &m.FromClient, &m.Body,
		&m.FileID, &m.FileName, &m.FileSize, &created); err != nil {
		return m, db.Classify(err)
	}
	m.CreatedAt = fromMS(created)
	return m, nil
}

// MessagesOf lists a conversation's messages oldest first: the newest limit with a seq below before
// (0: from the newest).
func MessagesOf(ctx context.Context, q Q, conversationID string, before int64, limit int) ([]model.Message, error) {
	query := `SELECT ` + messageCols + messageFrom + ` WHERE m.conversation_id = $1`
	args := []any{conversationID}
	if before > 0 {
		query += ` AND m.seq < $2`
		args = append(args, before)
	}
	out, err := listMessages(ctx, q, query+` ORDER BY m.seq DESC LIMIT `+strconv.Itoa(limit), args...)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// MessagesAfter lists a conversation's messages with a seq above after, oldest first, at most limit
// (a page's polling).
func MessagesAfter(ctx context.Context, q Q, conversationID string, after int64, limit int) ([]model.Message, error) {
	return listMessages(ctx, q, `SELECT `+messageCols+messageFrom+` WHERE m.conversation_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT `+
		strconv.Itoa(limit), conversationID, after)
}

func listMessages(ctx context.Context, q Q, query string, args ...any) ([]model.Message, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: messages: %w", db.Classify(err))
	}
	defer rows.Close()
	var out []model.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkRead moves a reader's marker on a conversation up to seq (never down).
func MarkRead(ctx context.Context, q Q, conversationID, readerKind, readerID string, seq int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO conversation_reads (conversation_id, reader_kind, reader_id, read_seq, read_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (conversation_id, reader_kind, reader_id)
		DO UPDATE SET read_seq = excluded.read_seq, read_at = excluded.read_at WHERE conversation_reads.read_seq < excluded.read_seq`,
		conversationID, readerKind, readerID, seq, ms(at))
	if err != nil {
		return fmt.Errorf("store: mark conversation read: %w", db.Classify(err))
	}
	return nil
}

// inList appends ids to args and returns the "$n, $m" list for an IN (…).
func inList(args []any, ids []string) ([]any, string) {
	ph := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		ph[i] = "$" + strconv.Itoa(len(args))
	}
	return args, strings.Join(ph, ", ")
}

// StaffUnreadByChart counts, per chart of chartIDs, the messages from portal users a staff member has not
// read, in one query (LS-4's badge on a page of the client list).
func StaffUnreadByChart(ctx context.Context, q Q, practiceID, staffID string, chartIDs []string) (map[string]int, error) {
	out := map[string]int{}
	if len(chartIDs) == 0 {
		return out, nil
	}
	args, in := inList([]any{practiceID, ReaderStaff, staffID}, chartIDs)
	rows, err := q.QueryContext(ctx, `SELECT cv.chart_id, COUNT(m.id) FROM conversations cv
		LEFT JOIN conversation_reads r ON r.conversation_id = cv.id AND r.reader_kind = $2 AND r.reader_id = $3
		JOIN messages m ON m.conversation_id = cv.id AND m.from_client = TRUE AND m.seq > COALESCE(r.read_seq, 0)
		WHERE cv.practice_id = $1 AND cv.client_seq > COALESCE(r.read_seq, 0) AND cv.chart_id IN (`+in+`)
		GROUP BY cv.chart_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unread by chart: %w", db.Classify(err))
	}
	return countsByKey(rows, "unread by chart")
}

// StaffUnreadOfChart counts, per conversation of a chart, the messages from its portal user a staff
// member has not read, in one query (the chart's Messages tab).
func StaffUnreadOfChart(ctx context.Context, q Q, chartID, staffID string) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT cv.id, COUNT(m.id) FROM conversations cv
		LEFT JOIN conversation_reads r ON r.conversation_id = cv.id AND r.reader_kind = $2 AND r.reader_id = $3
		JOIN messages m ON m.conversation_id = cv.id AND m.from_client = TRUE AND m.seq > COALESCE(r.read_seq, 0)
		WHERE cv.chart_id = $1 GROUP BY cv.id`, chartID, ReaderStaff, staffID)
	if err != nil {
		return nil, fmt.Errorf("store: unread of chart: %w", db.Classify(err))
	}
	return countsByKey(rows, "unread of chart")
}

// UnreadCap is where the sidebar's count stops ("99+"): counting stops there rather than reading every
// conversation of a large practice on every page.
const UnreadCap = 100

// StaffUnreadTotal counts the conversations with a message a staff member has not read, among the charts
// vis shows, up to UnreadCap (the sidebar's Messages badge).
func StaffUnreadTotal(ctx context.Context, q Q, practiceID, staffID string, vis Visibility) (int, error) {
	args := []any{practiceID, ReaderStaff, staffID}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	query := `SELECT 1 FROM conversations cv
		LEFT JOIN conversation_reads r ON r.conversation_id = cv.id AND r.reader_kind = $2 AND r.reader_id = $3
		WHERE cv.practice_id = $1 AND cv.client_seq > 0 AND cv.client_seq > COALESCE(r.read_seq, 0)`
	if cond := vis.condition("c", arg); cond != "" { // the charts join only when the person sees some charts
		query += " AND cv.chart_id IN (SELECT c.id FROM charts c WHERE c.practice_id = $1 AND " + cond + ")"
	}
	var n int
	query = `SELECT COUNT(*) FROM (` + query + ` LIMIT ` + strconv.Itoa(UnreadCap) + `) u`
	if err := q.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unread conversations: %w", db.Classify(err))
	}
	return n, nil
}

// InboxRow is one conversation of a staff inbox: with its chart's and portal user's names and whether
// the reader has something unread.
type InboxRow struct {
	model.Conversation
	ChartName   string
	AccountName string
	ReadSeq     int64
}

// Unread reports whether the portal user wrote something the reader has not read.
func (r InboxRow) Unread() bool { return r.ClientSeq > r.ReadSeq }

// InboxKey is where a page of the inbox starts: after a conversation of the unread part (Unread) or the
// read part, by its last message time (ms) and id.
type InboxKey struct {
	Unread bool
	At     int64
	ID     string
}

// Inbox lists the conversations with messages on the charts vis shows, unread ones (for staffID) first,
// then the others, each part newest first, at most limit, starting after key (nil: the first page).
// It pages by key: each part is read by the (practice_id, last_message_at, id) index.
func Inbox(ctx context.Context, q Q, practiceID, staffID string, vis Visibility, after *InboxKey, limit int) ([]InboxRow, error) {
	var out []InboxRow
	if after == nil || after.Unread {
		rows, err := inboxPart(ctx, q, practiceID, staffID, vis, true, after, limit)
		if err != nil {
			return nil, err
		}
		out = rows
		after = nil
	}
	if len(out) < limit {
		rows, err := inboxPart(ctx, q, practiceID, staffID, vis, false, after, limit-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// inboxPart reads one part of the inbox in two statements: the page's conversations by the inbox index
// and the readers' markers alone (no row of another table read for the conversations skipped), then
// those conversations with their chart's and portal user's names.
func inboxPart(ctx context.Context, q Q, practiceID, staffID string, vis Visibility, unread bool, after *InboxKey, limit int) ([]InboxRow, error) {
	args := []any{practiceID, ReaderStaff, staffID}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	query := `SELECT cv.id, COALESCE(r.read_seq, 0) FROM conversations cv
		LEFT JOIN conversation_reads r ON r.conversation_id = cv.id AND r.reader_kind = $2 AND r.reader_id = $3
		WHERE cv.practice_id = $1 AND cv.last_message_at > 0`
	if unread {
		query += ` AND cv.client_seq > COALESCE(r.read_seq, 0)`
	} else {
		query += ` AND cv.client_seq <= COALESCE(r.read_seq, 0)`
	}
	if cond := vis.condition("c", arg); cond != "" {
		query += " AND cv.chart_id IN (SELECT c.id FROM charts c WHERE c.practice_id = $1 AND " + cond + ")"
	}
	if after != nil {
		a, i := arg(after.At), arg(after.ID)
		query += ` AND (cv.last_message_at < ` + a + ` OR (cv.last_message_at = ` + a + ` AND cv.id < ` + i + `))`
	}
	query += ` ORDER BY cv.last_message_at DESC, cv.id DESC LIMIT ` + strconv.Itoa(limit)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: inbox: %w", db.Classify(err))
	}
	var ids []string
	seen := map[string]int64{}
	for rows.Next() {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			rows.Close()
			return nil, db.Classify(err)
		}
		ids, seen[id] = append(ids, id), seq
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return nil, err
	}
	dargs, in := inList(nil, ids)
	drows, err := q.QueryContext(ctx, `SELECT `+conversationCols+`, c.kind, c.group_name, COALESCE(cp.first_name, ''), COALESCE(cp.last_name, ''), pac.name
		FROM conversations cv JOIN charts c ON c.id = cv.chart_id LEFT JOIN persons cp ON cp.id = c.person_id
		JOIN portal_accounts pac ON pac.id = cv.portal_account_id WHERE cv.id IN (`+in+`)`, dargs...)
	if err != nil {
		return nil, fmt.Errorf("store: inbox rows: %w", db.Classify(err))
	}
	defer drows.Close()
	byID := map[string]InboxRow{}
	for drows.Next() {
		var r InboxRow
		var kind, group, first, last string
		c, err := scanConversation(drows, &kind, &group, &first, &last, &r.AccountName)
		if err != nil {
			return nil, err
		}
		r.Conversation, r.ReadSeq = c, seen[c.ID]
		r.ChartName = model.Client{Kind: model.ChartKind(kind), GroupName: group, FirstName: first, LastName: last}.Name()
		byID[c.ID] = r
	}
	if err := drows.Err(); err != nil {
		return nil, err
	}
	out := make([]InboxRow, 0, len(ids))
	for _, id := range ids {
		out = append(out, byID[id])
	}
	return out, nil
}

// PortalUnreadByChart counts, per chart, the staff messages a portal account has not read, in one query
// (the portal's badges).
func PortalUnreadByChart(ctx context.Context, q Q, accountID string) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT cv.chart_id, COUNT(m.id) FROM conversations cv
		LEFT JOIN conversation_reads r ON r.conversation_id = cv.id AND r.reader_kind = $2 AND r.reader_id = $1
		JOIN messages m ON m.conversation_id = cv.id AND m.from_client = FALSE AND m.seq > COALESCE(r.read_seq, 0)
		WHERE cv.portal_account_id = $1 AND cv.staff_seq > COALESCE(r.read_seq, 0)
		GROUP BY cv.chart_id`, accountID, ReaderPortal)
	if err != nil {
		return nil, fmt.Errorf("store: portal unread: %w", db.Classify(err))
	}
	return countsByKey(rows, "portal unread")
}

// MessageFileIn reports whether file fileID is the attachment of a message in conversation
// conversationID.
func MessageFileIn(ctx context.Context, q Q, conversationID, fileID string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM messages WHERE file_id = $1 AND conversation_id = $2 LIMIT 1`, fileID, conversationID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: message file: %w", db.Classify(err))
	}
	return true, nil
}
