package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

const jobCols = `id, kind, payload, COALESCE(practice_id, ''), state, run_at, attempts, max_attempts, last_error, created_at, updated_at`

func scanJob(s scanner) (model.Job, error) {
	var j model.Job
	var state string
	var runAt, created, updated int64
	err := s.Scan(&j.ID, &j.Kind, &j.Payload, &j.PracticeID, &state, &runAt, &j.Attempts, &j.MaxAttempts, &j.LastError, &created, &updated)
	if err != nil {
		return j, db.Classify(err)
	}
	j.State, j.RunAt, j.CreatedAt, j.UpdatedAt = model.JobState(state), fromMS(runAt), fromMS(created), fromMS(updated)
	return j, nil
}

// InsertJob queues a job; call it inside the transaction of the change that causes it.
func InsertJob(ctx context.Context, q Q, j model.Job) error {
	_, err := q.ExecContext(ctx, `INSERT INTO jobs (id, kind, payload, practice_id, state, run_at, attempts, max_attempts,
		created_at, updated_at) VALUES ($1, $2, $3, $4, 'queued', $5, 0, $6, $7, $7)`,
		j.ID, j.Kind, j.Payload, nullStr(j.PracticeID), ms(j.RunAt), j.MaxAttempts, ms(j.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert job: %w", err)
	}
	return nil
}

// ClaimJob leases the next due job to owner until leaseUntil and counts the attempt, or returns
// model.ErrNotFound when none is due. A job whose lease ran out (its worker died) is due again. On
// PostgreSQL, concurrent workers skip each other's rows; SQLite has one writer at a time.
func ClaimJob(ctx context.Context, q Q, d db.Dialect, owner string, now, leaseUntil time.Time) (model.Job, error) {
	lock := ""
	if d == db.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	j, err := scanJob(q.QueryRowContext(ctx, `UPDATE jobs SET lease_owner = $1, leased_until = $2, attempts = attempts + 1, updated_at = $3
		WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= $3 AND (leased_until IS NULL OR leased_until < $3)
			ORDER BY run_at, id LIMIT 1`+lock+`)
		RETURNING `+jobCols, owner, ms(leaseUntil), ms(now)))
	if err != nil {
		return j, fmt.Errorf("store: claim job: %w", err)
	}
	return j, nil
}

// FinishJob records the outcome of a leased run, if owner still holds the lease: done, queued again for
// retryAt, or failed for good. It reports false when the lease had been lost (another worker took over).
func FinishJob(ctx context.Context, q Q, id, owner string, state model.JobState, retryAt time.Time, lastError string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE jobs SET state = $1, run_at = CASE WHEN $1 = 'queued' THEN $2 ELSE run_at END,
		last_error = $3, lease_owner = NULL, leased_until = NULL, updated_at = $4 WHERE id = $5 AND lease_owner = $6`,
		string(state), ms(retryAt), lastError, ms(now), id, owner)
	if err != nil {
		return false, fmt.Errorf("store: finish job: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RetryJob queues a failed job again with fresh attempts (a person pressed Retry).
func RetryJob(ctx context.Context, q Q, practiceID, id string, now time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE jobs SET state = 'queued', attempts = 0, run_at = $1, updated_at = $1
		WHERE id = $2 AND state = 'failed' AND COALESCE(practice_id, '') = $3`, ms(now), id, practiceID)
	if err != nil {
		return fmt.Errorf("store: retry job: %w", err)
	}
	return expectOne(res, "retry job")
}

// JobByID returns a job, or model.ErrNotFound.
func JobByID(ctx context.Context, q Q, id string) (model.Job, error) {
	j, err := scanJob(q.QueryRowContext(ctx, `SELECT `+jobCols+` FROM jobs WHERE id = $1`, id))
	if err != nil {
		return j, fmt.Errorf("store: job %s: %w", id, err)
	}
	return j, nil
}

// NextJobAt returns when the next queued job falls due, or the zero time when none is queued.
func NextJobAt(ctx context.Context, q Q) (time.Time, error) {
	var at sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MIN(run_at) FROM jobs WHERE state = 'queued'`).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("store: next job: %w", err)
	}
	return fromNullMS(at), nil
}
