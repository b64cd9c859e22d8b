package store

import (
	"context"
	"fmt"

	"tend/internal/model"
)

// Attention is what waits on one chart's documents (LS-4): finished documents nobody has reviewed, and
// how many of those carry a flag.
type Attention struct {
	ToReview, Flagged int
}

// AttentionOf counts, in one query, the finished and unreviewed documents of each chart (for a page of
// the client list), and how many of them are flagged. Charts with nothing waiting are left out.
func AttentionOf(ctx context.Context, q Q, chartIDs []string) (map[string]Attention, error) {
	out := map[string]Attention{}
	if len(chartIDs) == 0 {
		return out, nil
	}
	ph, args := placeholders(chartIDs, 2)
	args = append([]any{string(model.RequestCompleted), string(model.RequestSigned)}, args...)
	rows, err := q.QueryContext(ctx, `SELECT chart_id, COUNT(*), SUM(CASE WHEN flag <> '' THEN 1 ELSE 0 END)
		FROM document_requests WHERE chart_id IN (`+ph+`) AND state IN ($1, $2) AND reviewed_at IS NULL
		GROUP BY chart_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: attention of charts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a Attention
		if err := rows.Scan(&id, &a.ToReview, &a.Flagged); err != nil {
			return nil, fmt.Errorf("store: attention of charts: %w", err)
		}
		out[id] = a
	}
	return out, rows.Err()
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
