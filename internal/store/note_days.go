package store

import (
	"context"
	"fmt"

	"tend/internal/model"
)

// NotesOnDays lists a chart's notes whose date of service is in [from, to] (YYYY-MM-DD), by date then id,
// without bodies: a page of sessions matches its notes in this one statement.
func NotesOnDays(ctx context.Context, q Q, chartID, from, to string) ([]model.Note, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+noteListCols+noteFrom+` WHERE n.chart_id = $1 AND n.service_date >= $2 AND n.service_date <= $3
		ORDER BY n.service_date, n.id`, chartID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: notes on days: %w", err)
	}
	return scanNotes(rows)
}
