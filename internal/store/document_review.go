package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"tend/internal/db"
	"tend/internal/model"
)

// Attention is what waits on one chart (LS-4): finished documents nobody has reviewed, and how many of
// those carry a flag; and, when asked (the list page), a late session note, overdue tasks and messages
// the reader has not read.
type Attention struct {
	ToReview, Flagged int
	LateNotes         bool
	OverdueTasks      int
	Unread            int
}

// AttentionQuery asks for the badges of a page of charts. Each part is asked only of what the person may
// learn: the caller leaves a part empty to skip it.
type AttentionQuery struct {
	DocCharts  []string // the charts whose documents to count (those whose documents the person may read)
	PracticeID string
	Charts     []string // the charts of the other parts
	LateCutoff string   // drafts dated on or before it are late; "" skips the late-note badge
	Today      string   // open tasks due before it are overdue; "" skips the overdue-task badge
	UnreadOf   string   // the staff member whose unread messages from portal users count; "" skips
}

// AttentionOf reads the badges of each chart of aq in one statement (for a page of the client list, or
// one chart): a UNION ALL of one grouped part per badge, each on its own index. Charts with nothing
// waiting are left out.
func AttentionOf(ctx context.Context, q Q, aq AttentionQuery) (map[string]Attention, error) {
	out := map[string]Attention{}
	args := []any{}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	var parts []string
	if len(aq.DocCharts) > 0 {
		var in string
		args, in = inList(args, aq.DocCharts)
		parts = append(parts, `SELECT 'd', chart_id, COUNT(*), SUM(CASE WHEN flag <> '' THEN 1 ELSE 0 END) FROM document_requests
		WHERE chart_id IN (`+in+`) AND state IN (`+arg(string(model.RequestCompleted))+`, `+arg(string(model.RequestSigned))+`)
		AND reviewed_at IS NULL GROUP BY chart_id`)
	}
	if len(aq.Charts) > 0 && (aq.LateCutoff != "" || aq.Today != "" || aq.UnreadOf != "") {
		practice := arg(aq.PracticeID)
		var in string
		args, in = inList(args, aq.Charts)
		if aq.LateCutoff != "" {
			parts = append(parts, `SELECT 'l', chart_id, 1, 0 FROM session_notes WHERE practice_id = `+practice+` AND state = 'draft'
		AND service_date <= `+arg(aq.LateCutoff)+` AND chart_id IN (`+in+`) GROUP BY chart_id`)
		}
		if aq.Today != "" {
			parts = append(parts, `SELECT 'o', chart_id, COUNT(*), 0 FROM tasks WHERE practice_id = `+practice+` AND status = 'open'
		AND due_on IS NOT NULL AND due_on < `+arg(aq.Today)+` AND chart_id IN (`+in+`) GROUP BY chart_id`)
		}
		if aq.UnreadOf != "" {
			parts = append(parts, `SELECT 'u', cv.chart_id, COUNT(m.id), 0 FROM conversations cv
		LEFT JOIN conversation_reads r ON r.conversation_id = cv.id AND r.reader_kind = `+arg(ReaderStaff)+` AND r.reader_id = `+arg(aq.UnreadOf)+`
		JOIN messages m ON m.conversation_id = cv.id AND m.from_client = TRUE AND m.seq > COALESCE(r.read_seq, 0)
		WHERE cv.practice_id = `+practice+` AND cv.client_seq > COALESCE(r.read_seq, 0) AND cv.chart_id IN (`+in+`)
		GROUP BY cv.chart_id`)
		}
	}
	if len(parts) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, strings.Join(parts, "\n\t\tUNION ALL "), args...)
	if err != nil {
		return nil, fmt.Errorf("store: attention of charts: %w", db.Classify(err))
	}
	defer rows.Close()
	for rows.Next() {
		var kind, id string
		var n, flagged int
		if err := rows.Scan(&kind, &id, &n, &flagged); err != nil {
			return nil, fmt.Errorf("store: attention of charts: %w", db.Classify(err))
		}
		a := out[id]
		switch kind {
		case "d":
			a.ToReview, a.Flagged = n, flagged
		case "l":
			a.LateNotes = true
		case "o":
			a.OverdueTasks = n
		case "u":
			a.Unread = n
		}
		out[id] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: attention of charts: %w", db.Classify(err))
	}
	return out, nil
}

// unreviewedWhere is the condition and arguments for the finished documents nobody has reviewed on the
// charts a visibility allows.
func unreviewedWhere(practiceID string, v Visibility) (string, []any) {
	args := []any{practiceID, string(model.RequestCompleted), string(model.RequestSigned)}
	arg := func(x any) string { args = append(args, x); return fmt.Sprintf("$%d", len(args)) }
	where := `r.practice_id = $1 AND r.state IN ($2, $3) AND r.reviewed_at IS NULL`
	if cond := v.condition("c", arg); cond != "" {
		where += ` AND r.chart_id IN (SELECT c.id FROM charts c WHERE c.practice_id = $1 AND ` + cond + `)`
	}
	return where, args
}

// UnreviewedByFlag lists up to limit finished documents nobody has reviewed, on the charts a visibility
// allows, either those with a flag or those without, oldest first (Home's first two lists).
func UnreviewedByFlag(ctx context.Context, q Q, practiceID string, v Visibility, flagged bool, limit int) ([]model.DocumentRequest, error) {
	where, args := unreviewedWhere(practiceID, v)
	if flagged {
		where += ` AND r.flag <> ''`
	} else {
		where += ` AND r.flag = ''`
	}
	args = append(args, limit)
	return listRequests(ctx, q, where+fmt.Sprintf(` ORDER BY r.completed_at, r.id LIMIT $%d`, len(args)), args...)
}

// CountUnreviewed counts the finished documents nobody has reviewed on the charts a visibility allows,
// and how many of them carry a flag.
func CountUnreviewed(ctx context.Context, q Q, practiceID string, v Visibility) (total, flagged int, err error) {
	where, args := unreviewedWhere(practiceID, v)
	err = q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN r.flag <> '' THEN 1 ELSE 0 END), 0)
		FROM document_requests r WHERE `+where, args...).Scan(&total, &flagged)
	if err != nil {
		return 0, 0, fmt.Errorf("store: count unreviewed: %w", err)
	}
	return total, flagged, nil
}
