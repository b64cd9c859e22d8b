package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// River's tables (river_job) are read here only for what Tend shows or waits on; River writes them.

// DueJobIDs returns the ids of jobs a worker should take now or is running: available, or running.
func DueJobIDs(ctx context.Context, q Q) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM river_job WHERE state IN ('available', 'running') ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: due jobs: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: due jobs: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// QueueStats is the job queue and the outbox at one moment, for /metrics.
type QueueStats struct {
	Depth      int           // jobs waiting: available, scheduled, or waiting to be retried
	OldestDue  time.Duration // how long the oldest available job has waited for a worker; 0 when none waits
	Failed     int           // jobs that failed for good (discarded after their attempts, or cancelled) and are still kept
	MailFailed int           // messages that failed for good and are still kept
	// FailedSignIns is how many sign-ins to emails without an account failed this hour and the last;
	// the caller fills it in with its own clock (River's rows are stamped with the real one).
	FailedSignIns int
}

// Stats reads QueueStats with one cheap query each, on indexes: River's (state, queue, priority,
// scheduled_at, id) and mail_messages (state, created_at). now is the time River wrote its rows in.
func Stats(ctx context.Context, q Q, now time.Time) (QueueStats, error) {
	var s QueueStats
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE state IN ('available', 'scheduled', 'retryable')`).Scan(&s.Depth)
	if err != nil {
		return s, fmt.Errorf("store: queue depth: %w", err)
	}
	var oldest any
	err = q.QueryRowContext(ctx, `SELECT scheduled_at FROM river_job WHERE state = 'available' ORDER BY scheduled_at LIMIT 1`).Scan(&oldest)
	switch {
	case err == nil:
		t, perr := riverTime(oldest)
		if perr != nil {
			return s, fmt.Errorf("store: oldest due job: %w", perr)
		}
		s.OldestDue = max(now.Sub(t), 0)
	case isNoRows(err):
	default:
		return s, fmt.Errorf("store: oldest due job: %w", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE state IN ('discarded', 'cancelled')`).Scan(&s.Failed); err != nil {
		return s, fmt.Errorf("store: failed jobs: %w", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_messages WHERE state = 'failed'`).Scan(&s.MailFailed); err != nil {
		return s, fmt.Errorf("store: failed mail: %w", err)
	}
	return s, nil
}

// riverTime reads a River timestamp: a time from PostgreSQL, UTC text from SQLite.
func riverTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t, nil
	case string:
		return parseSQLiteTime(t)
	case []byte:
		return parseSQLiteTime(string(t))
	}
	return time.Time{}, fmt.Errorf("unexpected timestamp %T", v)
}

func parseSQLiteTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999", time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable timestamp %q", s)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
