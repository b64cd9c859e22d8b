package store

import (
	"context"
	"encoding/json"
	"fmt"

	"tend/internal/model"
)

// SignedNotesOf returns a chart's signed session notes with their bodies and addenda, oldest date of
// service first, in two statements (the notes, then every addendum of the chart), for a records request.
// Psychotherapy notes live in their own table and are never read here.
func SignedNotesOf(ctx context.Context, q Q, chartID string) ([]model.Note, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+noteListCols+`, n.sections, n.signed_content`+noteFrom+
		` WHERE n.chart_id = $1 AND n.state = $2 ORDER BY n.service_date, n.id`, chartID, string(model.NoteSigned))
	if err != nil {
		return nil, fmt.Errorf("store: signed notes: %w", err)
	}
	defer rows.Close()
	var out []model.Note
	index := map[string]int{}
	for rows.Next() {
		var body, signed string
		n, err := scanNoteRow(rows, &body, &signed)
		if err != nil {
			return nil, fmt.Errorf("store: signed notes: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &n.Sections); err != nil {
			return nil, fmt.Errorf("store: note %s sections: %w", n.ID, err)
		}
		n.SignedContent = signed
		index[n.ID] = len(out)
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: signed notes: %w", err)
	}
	rows.Close()
	arows, err := q.QueryContext(ctx, `SELECT d.id, d.note_id, d.author_id, COALESCE(s.name, ''), d.reason, d.body, d.created_at
		FROM note_addenda d JOIN session_notes n ON n.id = d.note_id LEFT JOIN staff s ON s.id = d.author_id
		WHERE n.chart_id = $1 ORDER BY d.created_at, d.id`, chartID)
	if err != nil {
		return nil, fmt.Errorf("store: addenda of chart: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var a model.Addendum
		var at int64
		if err := arows.Scan(&a.ID, &a.NoteID, &a.AuthorID, &a.AuthorName, &a.Reason, &a.Body, &at); err != nil {
			return nil, fmt.Errorf("store: addenda of chart: %w", err)
		}
		a.CreatedAt = fromMS(at)
		if i, ok := index[a.NoteID]; ok {
			out[i].Addenda = append(out[i].Addenda, a)
		}
	}
	return out, arows.Err()
}
