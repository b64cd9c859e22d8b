package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// SpooledEvent is a read event waiting in the audit spool, as JSON.
type SpooledEvent struct {
	N    int64
	Body []byte
}

// SpooledEvents returns up to limit waiting events, oldest first.
func SpooledEvents(ctx context.Context, q Q, limit int) ([]SpooledEvent, error) {
	rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT n, event FROM audit_spool ORDER BY n LIMIT %d`, limit))
	if err != nil {
		return nil, fmt.Errorf("store: spooled events: %w", err)
	}
	out, err := scanSpooled(rows)
	if err != nil {
		return nil, fmt.Errorf("store: spooled events: %w", err)
	}
	return out, nil
}

// scanSpooled reads rows of (n, event) and closes them.
func scanSpooled(rows *sql.Rows) ([]SpooledEvent, error) {
	defer rows.Close()
	var out []SpooledEvent
	for rows.Next() {
		var e SpooledEvent
		var body string
		if err := rows.Scan(&e.N, &body); err != nil {
			return nil, err
		}
		e.Body = []byte(body)
		out = append(out, e)
	}
	return out, rows.Err()
}

// SpooledChartEvents returns the waiting events about one chart of a practice, oldest first.
func SpooledChartEvents(ctx context.Context, q Q, practiceID, chartID string) ([]SpooledEvent, error) {
	rows, err := q.QueryContext(ctx, `SELECT n, event FROM audit_spool
		WHERE json_extract(event, '$.ChartID') = $1 AND json_extract(event, '$.PracticeID') = $2 ORDER BY n`, chartID, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: spooled chart events: %w", err)
	}
	out, err := scanSpooled(rows)
	if err != nil {
		return nil, fmt.Errorf("store: spooled chart events: %w", err)
	}
	return out, nil
}

// DropSpooled removes these waiting events, once they are in the audit log. Only the exact ones: another
// process may have moved others meanwhile, and new ones may have arrived.
func DropSpooled(ctx context.Context, q Q, events []SpooledEvent) error {
	if len(events) == 0 {
		return nil
	}
	ph := make([]string, len(events))
	args := make([]any, len(events))
	for i, e := range events {
		ph[i], args[i] = "$"+strconv.Itoa(i+1), e.N
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM audit_spool WHERE n IN (`+strings.Join(ph, ", ")+`)`, args...); err != nil {
		return fmt.Errorf("store: drop spooled events: %w", err)
	}
	return nil
}

// SpoolEventsAll adds read events to the audit spool (a side SQLite file; see db.OpenSpool) in one
// statement: one disk sync for all.
func SpoolEventsAll(ctx context.Context, q Q, bodies [][]byte) error {
	if len(bodies) == 0 {
		return nil
	}
	ph := make([]string, len(bodies))
	args := make([]any, len(bodies))
	for i, b := range bodies {
		ph[i], args[i] = "($"+strconv.Itoa(i+1)+")", string(b)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO audit_spool (event) VALUES `+strings.Join(ph, ", "), args...); err != nil {
		return fmt.Errorf("store: spool audit events: %w", err)
	}
	return nil
}
