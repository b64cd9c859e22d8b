package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// ErrBulkMoved means another run of a bulk operation recorded progress first.
var ErrBulkMoved = errors.New("another run moved the operation on")

const bulkCols = `id, practice_id, actor_id, actor_role, actor_ip, action, tag_id, chart_ids, total, done, changed, state, error, created_at, updated_at`

// InsertBulkOperation stores a new bulk operation.
func InsertBulkOperation(ctx context.Context, q Q, o model.BulkOperation) error {
	ids, err := json.Marshal(o.ChartIDs)
	if err != nil {
		return fmt.Errorf("store: bulk operation ids: %w", err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO bulk_operations (`+bulkCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		o.ID, o.PracticeID, o.ActorID, string(o.ActorRole), o.ActorIP, o.Action, o.TagID, string(ids), o.Total, o.Done, o.Changed,
		string(o.State), o.Error, ms(o.CreatedAt), ms(o.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: insert bulk operation: %w", db.Classify(err))
	}
	return nil
}

// BulkOperationByID returns a bulk operation; practiceID "" finds it in any practice (for the job
// that runs it). Another practice's is model.ErrNotFound.
func BulkOperationByID(ctx context.Context, q Q, practiceID, id string) (model.BulkOperation, error) {
	var o model.BulkOperation
	var role, state, ids string
	var created, updated int64
	err := q.QueryRowContext(ctx, `SELECT `+bulkCols+` FROM bulk_operations WHERE id = $1 AND (practice_id = $2 OR $2 = '')`,
		id, practiceID).Scan(&o.ID, &o.PracticeID, &o.ActorID, &role, &o.ActorIP, &o.Action, &o.TagID, &ids, &o.Total, &o.Done, &o.Changed,
		&state, &o.Error, &created, &updated)
	if err != nil {
		return o, fmt.Errorf("store: bulk operation %s: %w", id, db.Classify(err))
	}
	if err := json.Unmarshal([]byte(ids), &o.ChartIDs); err != nil {
		return o, fmt.Errorf("store: bulk operation %s ids: %w", id, err)
	}
	o.ActorRole, o.State = model.Role(role), model.BulkState(state)
	o.CreatedAt, o.UpdatedAt = fromMS(created), fromMS(updated)
	return o, nil
}

// SetBulkProgress records how far a bulk operation got, in the transaction of the chunk it finished,
// provided it still stood at from; otherwise (another run got further meanwhile) it is ErrBulkMoved
// and the caller rolls its chunk back.
func SetBulkProgress(ctx context.Context, q Q, o model.BulkOperation, from int) error {
	// A finished operation forgets its list of charts (up to 100,000 ids); the audit log names each one changed.
	res, err := q.ExecContext(ctx, `UPDATE bulk_operations SET done = $1, changed = $2, state = $3, error = $4, updated_at = $5,
		chart_ids = CASE WHEN $3 IN ('done', 'failed') THEN '[]' ELSE chart_ids END
		WHERE id = $6 AND done = $7`, o.Done, o.Changed, string(o.State), o.Error, ms(o.UpdatedAt), o.ID, from)
	if err != nil {
		return fmt.Errorf("store: bulk progress: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("store: bulk progress of %s: %w", o.ID, ErrBulkMoved)
	}
	return nil
}

// ChartState is what a bulk action needs to know of a chart.
type ChartState struct {
	ID          string
	State       model.RecordState
	ClinicianID string
}

// ChartStates returns the state and clinician of those of the charts that exist in the practice.
func ChartStates(ctx context.Context, q Q, practiceID string, ids []string) (map[string]ChartState, error) {
	out := make(map[string]ChartState, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	ph, args := placeholders(ids, 1)
	rows, err := q.QueryContext(ctx, `SELECT id, record_state, COALESCE(assigned_clinician_id, '') FROM charts
		WHERE practice_id = $1 AND id IN (`+ph+`)`, append([]any{practiceID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: chart states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c ChartState
		var st string
		if err := rows.Scan(&c.ID, &st, &c.ClinicianID); err != nil {
			return nil, fmt.Errorf("store: chart states: %w", err)
		}
		c.State = model.RecordState(st)
		out[c.ID] = c
	}
	return out, rows.Err()
}

// SetChartStates moves many charts of a practice to one record state in one statement.
func SetChartStates(ctx context.Context, q Q, practiceID string, ids []string, to model.RecordState, at time.Time) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	ph, args := placeholders(ids, 3)
	res, err := q.ExecContext(ctx, `UPDATE charts SET record_state = $1, updated_at = $2 WHERE practice_id = $3 AND id IN (`+ph+`)`,
		append([]any{string(to), ms(at), practiceID}, args...)...)
	if err != nil {
		return 0, fmt.Errorf("store: set chart states: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// SetChartSearch rewrites a chart's search and sort keys (after a tag on it was renamed or deleted).
func SetChartSearch(ctx context.Context, q Q, c model.Client) error {
	_, err := q.ExecContext(ctx, `UPDATE charts SET search_text = $1, sort_name = $2 WHERE id = $3 AND practice_id = $4`,
		model.SearchText(c), model.SortName(c), c.ID, c.PracticeID)
	if err != nil {
		return fmt.Errorf("store: set chart search: %w", err)
	}
	return nil
}
