package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"tend/internal/db"
	"tend/internal/model"
)

// The chart Overview (CL-10) reads a chart's documents in two statements that stay fast however many
// documents the chart has: each reads only the columns the Overview shows (no fields, answers or signed
// content) and lets the database cut every list to its limit.

// glanceCols are the columns of a request the Overview shows (alias x: a request row, pe: its member).
const glanceCols = `x.id, x.chart_id, x.template_id, x.template_name, x.scoring, COALESCE(x.member_person_id, ''),
	COALESCE(pe.first_name, ''), COALESCE(pe.last_name, ''), x.state, x.score, x.band, x.flag, x.requested_at, x.completed_at`

func scanGlance(s scanner, extra ...any) (model.DocumentRequest, error) {
	var r model.DocumentRequest
	var first, last, state string
	var score, completed sql.NullInt64
	var requested int64
	dest := append([]any{&r.ID, &r.ChartID, &r.TemplateID, &r.TemplateName, &r.Scoring, &r.MemberPersonID, &first, &last, &state,
		&score, &r.Band, &r.Flag, &requested, &completed}, extra...)
	if err := s.Scan(dest...); err != nil {
		return r, db.Classify(err)
	}
	r.State, r.MemberName = model.RequestState(state), strings.TrimSpace(first+" "+last)
	if score.Valid {
		v := int(score.Int64)
		r.Score = &v
	}
	r.RequestedAt, r.CompletedAt = fromMS(requested), fromNullMS(completed)
	return r, nil
}

// WaitingDocuments is what waits on one chart: documents sent and not finished, and finished ones nobody
// has reviewed, each cut to a limit, with how many there are in all.
type WaitingDocuments struct {
	Open            []model.DocumentRequest // oldest request first
	OpenTotal       int
	Unreviewed      []model.DocumentRequest // flagged first, then the oldest finished
	UnreviewedTotal int
	FlaggedTotal    int // of the unreviewed, how many carry a flag
}

// WaitingDocumentsOfChart reads a chart's open and unreviewed documents, up to limit of each, in one
// statement (on the index of unreviewed rows, migration 028).
func WaitingDocumentsOfChart(ctx context.Context, q Q, chartID string, limit int) (WaitingDocuments, error) {
	// grp 0: open (requested, in progress: never reviewed); grp 1: finished (completed, signed) and not reviewed.
	rows, err := q.QueryContext(ctx, `SELECT `+glanceCols+`, x.grp, x.total, x.flagged FROM (
		SELECT y.*, ROW_NUMBER() OVER (PARTITION BY y.grp ORDER BY CASE WHEN y.flag <> '' THEN 0 ELSE 1 END,
				COALESCE(y.completed_at, y.requested_at), y.id) AS n,
			COUNT(*) OVER (PARTITION BY y.grp) AS total,
			SUM(CASE WHEN y.flag <> '' THEN 1 ELSE 0 END) OVER (PARTITION BY y.grp) AS flagged
		FROM (SELECT r.id, r.chart_id, r.template_id, r.template_name, r.scoring, r.member_person_id, r.state, r.score, r.band,
				r.flag, r.requested_at, r.completed_at, CASE WHEN r.state IN ('requested', 'in_progress') THEN 0 ELSE 1 END AS grp
			FROM document_requests r
			WHERE r.chart_id = $1 AND r.reviewed_at IS NULL AND r.state IN ('requested', 'in_progress', 'completed', 'signed')) y
		) x LEFT JOIN persons pe ON pe.id = x.member_person_id
		WHERE x.n <= $2 ORDER BY x.grp, x.n`, chartID, limit)
	if err != nil {
		return WaitingDocuments{}, fmt.Errorf("store: waiting documents: %w", err)
	}
	defer rows.Close()
	var out WaitingDocuments
	for rows.Next() {
		var grp, total, flagged int
		r, err := scanGlance(rows, &grp, &total, &flagged)
		if err != nil {
			return WaitingDocuments{}, fmt.Errorf("store: waiting documents: %w", err)
		}
		if grp == 0 {
			out.Open, out.OpenTotal = append(out.Open, r), total
		} else {
			out.Unreviewed, out.UnreviewedTotal, out.FlaggedTotal = append(out.Unreviewed, r), total, flagged
		}
	}
	return out, rows.Err()
}

// ScoreHistoryOfChart reads the latest perSeries finished, scored documents of each assessment and
// person of a chart (one series per template and member, PT-12), grouped by series and oldest first
// within each. It takes two statements whatever the chart's history: the series, then the latest of
// each, both on the index of scored rows (migration 028).
func ScoreHistoryOfChart(ctx context.Context, q Q, chartID string, perSeries int) ([]model.DocumentRequest, error) {
	// Grouped in the index's own order, the series stream out of it without a sort.
	rows, err := q.QueryContext(ctx, `SELECT template_id, member_person_id FROM document_requests
		WHERE chart_id = $1 AND score IS NOT NULL GROUP BY template_id, member_person_id`, chartID)
	if err != nil {
		return nil, fmt.Errorf("store: score series: %w", err)
	}
	type series struct{ template, member string }
	var all []series
	for rows.Next() {
		var s series
		var member sql.NullString
		if err := rows.Scan(&s.template, &member); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: score series: %w", err)
		}
		s.member = member.String
		all = append(all, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(all) == 0 {
		return nil, err
	}
	// One branch per series, each the series' latest rows from the index; a member-less series matches
	// IS NULL so that the index still serves it.
	args := []any{chartID, perSeries}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	branches := make([]string, 0, len(all))
	for i, s := range all {
		member := "r.member_person_id IS NULL"
		if s.member != "" {
			member = "r.member_person_id = " + arg(s.member)
		}
		branches = append(branches, fmt.Sprintf(`SELECT * FROM (SELECT r.id, r.chart_id, r.template_id, r.template_name, r.scoring,
			r.member_person_id, r.state, r.score, r.band, r.flag, r.requested_at, r.completed_at, %d AS series
			FROM document_requests r WHERE r.chart_id = $1 AND r.template_id = %s AND %s AND r.score IS NOT NULL
				AND r.state IN ('completed', 'signed')
			ORDER BY r.completed_at DESC LIMIT $2) s%d`, i, arg(s.template), member, i))
	}
	rows, err = q.QueryContext(ctx, `SELECT `+glanceCols+` FROM (`+strings.Join(branches, " UNION ALL ")+`) x
		LEFT JOIN persons pe ON pe.id = x.member_person_id ORDER BY x.series, x.completed_at, x.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: score history: %w", err)
	}
	defer rows.Close()
	var out []model.DocumentRequest
	for rows.Next() {
		r, err := scanGlance(rows)
		if err != nil {
			return nil, fmt.Errorf("store: score history: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
