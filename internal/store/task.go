package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"tend/internal/db"
	"tend/internal/model"
)

const taskCols = `id, practice_id, chart_id, COALESCE(person_id, ''), private, title, instructions, COALESCE(due_on, ''),
	COALESCE(document_request_id, ''), COALESCE(file_id, ''), status, done_at, COALESCE(done_by_account_id, ''),
	COALESCE(done_by_staff_id, ''), reply, created_by, created_at, updated_at`

func scanTask(s scanner) (model.Task, error) {
	var t model.Task
	var status string
	var done sql.NullInt64
	var created, updated int64
	if err := s.Scan(&t.ID, &t.PracticeID, &t.ChartID, &t.PersonID, &t.Private, &t.Title, &t.Instructions, &t.DueOn,
		&t.DocumentRequestID, &t.FileID, &status, &done, &t.DoneByAccountID, &t.DoneByStaffID, &t.Reply, &t.CreatedBy,
		&created, &updated); err != nil {
		return t, db.Classify(err)
	}
	t.Status, t.DoneAt, t.CreatedAt, t.UpdatedAt = model.TaskStatus(status), fromNullMS(done), fromMS(created), fromMS(updated)
	return t, nil
}

// InsertTask stores a new task.
func InsertTask(ctx context.Context, q Q, t model.Task) error {
	_, err := q.ExecContext(ctx, `INSERT INTO tasks (id, practice_id, chart_id, person_id, private, title, instructions, due_on,
		document_request_id, file_id, status, done_at, done_by_account_id, done_by_staff_id, reply, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		t.ID, t.PracticeID, t.ChartID, nullStr(t.PersonID), t.Private, t.Title, t.Instructions, nullStr(t.DueOn),
		nullStr(t.DocumentRequestID), nullStr(t.FileID), string(t.Status), nullMS(t.DoneAt), nullStr(t.DoneByAccountID),
		nullStr(t.DoneByStaffID), t.Reply, t.CreatedBy, ms(t.CreatedAt), ms(t.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: insert task: %w", db.Classify(err))
	}
	return nil
}

// UpdateTask stores everything of a task but its chart, author and creation time.
func UpdateTask(ctx context.Context, q Q, t model.Task) error {
	_, err := q.ExecContext(ctx, `UPDATE tasks SET person_id = $1, private = $2, title = $3, instructions = $4, due_on = $5,
		document_request_id = $6, file_id = $7, status = $8, done_at = $9, done_by_account_id = $10, done_by_staff_id = $11,
		reply = $12, updated_at = $13 WHERE id = $14`,
		nullStr(t.PersonID), t.Private, t.Title, t.Instructions, nullStr(t.DueOn), nullStr(t.DocumentRequestID), nullStr(t.FileID),
		string(t.Status), nullMS(t.DoneAt), nullStr(t.DoneByAccountID), nullStr(t.DoneByStaffID), t.Reply, ms(t.UpdatedAt), t.ID)
	if err != nil {
		return fmt.Errorf("store: update task %s: %w", t.ID, db.Classify(err))
	}
	return nil
}

// CompleteOpenTask marks an open task done by a portal account with a reply; false when it was no longer
// open (someone finished it first), so two members finishing at once complete it once.
func CompleteOpenTask(ctx context.Context, q Q, t model.Task) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE tasks SET status = 'done', done_at = $1, done_by_account_id = $2, done_by_staff_id = NULL,
		reply = $3, updated_at = $1 WHERE id = $4 AND status = 'open'`, ms(t.DoneAt), nullStr(t.DoneByAccountID), t.Reply, t.ID)
	if err != nil {
		return false, fmt.Errorf("store: complete task %s: %w", t.ID, db.Classify(err))
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteTask removes a task.
func DeleteTask(ctx context.Context, q Q, taskID string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM tasks WHERE id = $1`, taskID); err != nil {
		return fmt.Errorf("store: delete task %s: %w", taskID, db.Classify(err))
	}
	return nil
}

// TaskByID returns a task of chart chartID in the practice, or model.ErrNotFound.
func TaskByID(ctx context.Context, q Q, practiceID, chartID, taskID string) (model.Task, error) {
	row := q.QueryRowContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE id = $1 AND practice_id = $2 AND chart_id = $3`,
		taskID, practiceID, chartID)
	t, err := scanTask(row)
	if err != nil {
		return t, fmt.Errorf("store: task %s: %w", taskID, err)
	}
	return t, nil
}

// TaskFilter narrows a chart's tasks.
type TaskFilter struct {
	// Status is "" (all), "open", "done" or "overdue" (open, due before Today).
	Status string
	Today  string
	// Portal keeps what a portal user sees: no private to-dos, and on a group chart only the whole
	// chart's and PersonID's own (PT-12).
	Portal   bool
	PersonID string
}

// TasksOf lists a chart's tasks, newest first, at most limit, starting after key (its Value is the
// created time in milliseconds).
func TasksOf(ctx context.Context, q Q, chartID string, f TaskFilter, after PageKey, limit int) ([]model.Task, error) {
	var b strings.Builder
	b.WriteString(`SELECT ` + taskCols + ` FROM tasks WHERE chart_id = $1`)
	args := []any{chartID}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	switch f.Status {
	case "open":
		b.WriteString(` AND status = 'open'`)
	case "done":
		b.WriteString(` AND status = 'done'`)
	case "overdue":
		b.WriteString(` AND status = 'open' AND due_on IS NOT NULL AND due_on < ` + arg(f.Today))
	}
	if f.Portal {
		b.WriteString(` AND private = FALSE AND (person_id IS NULL OR person_id = ` + arg(f.PersonID) + `)`)
	}
	if after.ID != "" {
		v, err := strconv.ParseInt(after.Value, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("store: tasks page key: %w", model.ErrNotFound)
		}
		c, i := arg(v), arg(after.ID)
		b.WriteString(` AND (created_at < ` + c + ` OR (created_at = ` + c + ` AND id < ` + i + `))`)
	}
	fmt.Fprintf(&b, ` ORDER BY created_at DESC, id DESC LIMIT %d`, limit)
	rows, err := q.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("store: tasks: %w", db.Classify(err))
	}
	defer rows.Close()
	var out []model.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TaskCounts are a chart's open and overdue tasks, private to-dos included.
type TaskCounts struct {
	Open, Overdue int
}

// TaskCountsOf counts a chart's open tasks and those of them due before today, in one query.
func TaskCountsOf(ctx context.Context, q Q, chartID, today string) (TaskCounts, error) {
	var c TaskCounts
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_on IS NOT NULL AND due_on < $2 THEN 1 ELSE 0 END), 0)
		FROM tasks WHERE chart_id = $1 AND status = 'open'`, chartID, today).Scan(&c.Open, &c.Overdue)
	if err != nil {
		return c, fmt.Errorf("store: task counts: %w", db.Classify(err))
	}
	return c, nil
}

// OverdueTasks is one chart's count of overdue tasks, for Home's Needs attention.
type OverdueTasks struct {
	ChartID   string
	ChartName string
	Count     int
	Oldest    string // the earliest due day among them
}

// OverdueTasksOfClinician counts, in one grouped query, the overdue tasks (private to-dos included) on
// the charts in care assigned to staffID, the longest overdue first, at most limit charts.
func OverdueTasksOfClinician(ctx context.Context, q Q, practiceID, staffID, today string, limit int) ([]OverdueTasks, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.kind, COALESCE(c.group_name, ''), COALESCE(p.first_name, ''), COALESCE(p.last_name, ''),
		COUNT(*), MIN(t.due_on)
		FROM tasks t JOIN charts c ON c.id = t.chart_id LEFT JOIN persons p ON p.id = c.person_id
		WHERE c.practice_id = $1 AND c.assigned_clinician_id = $2 AND c.record_state = 'active'
		AND t.status = 'open' AND t.due_on IS NOT NULL AND t.due_on < $3
		GROUP BY c.id, c.kind, c.group_name, p.first_name, p.last_name
		ORDER BY MIN(t.due_on), c.id LIMIT $4`, practiceID, staffID, today, limit)
	if err != nil {
		return nil, fmt.Errorf("store: overdue tasks: %w", db.Classify(err))
	}
	defer rows.Close()
	var out []OverdueTasks
	for rows.Next() {
		var o OverdueTasks
		var kind, group, first, last string
		if err := rows.Scan(&o.ChartID, &kind, &group, &first, &last, &o.Count, &o.Oldest); err != nil {
			return nil, fmt.Errorf("store: overdue tasks: %w", db.Classify(err))
		}
		o.ChartName = group
		if model.ChartKind(kind) != model.KindGroup {
			o.ChartName = strings.TrimSpace(first + " " + last)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
