package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"tend/internal/db"
)

// MailMessage is an outgoing email as stored.
type MailMessage struct {
	ID, PracticeID          string
	JobID                   int64 // River's job that sends it; 0 when none (a message from before River)
	To, Subject, Text, HTML string
	State, LastError        string
	CreatedAt, SentAt       time.Time
}

// InsertMail stores a message to send; call it with the job that sends it, in the change's transaction.
func InsertMail(ctx context.Context, q Q, m MailMessage) error {
	_, err := q.ExecContext(ctx, `INSERT INTO mail_messages (id, practice_id, job_id, to_address, subject, text_body, html_body,
		state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8)`,
		m.ID, nullStr(m.PracticeID), nullJob(m.JobID), m.To, m.Subject, m.Text, m.HTML, ms(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert mail: %w", err)
	}
	return nil
}

// QueuedMailAt lists the ids of the practice's messages queued at exactly at and not yet sent: the demo's
// record marks the reminders it queued in the past as delivered then.
func QueuedMailAt(ctx context.Context, q Q, practiceID string, at time.Time) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM mail_messages WHERE practice_id = $1 AND created_at = $2 AND state = 'queued' ORDER BY id`,
		practiceID, ms(at))
	if err != nil {
		return nil, fmt.Errorf("store: queued mail: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: queued mail: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// MailByID returns a stored message, or model.ErrNotFound.
func MailByID(ctx context.Context, q Q, id string) (MailMessage, error) {
	var m MailMessage
	var created int64
	var sent sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT id, COALESCE(practice_id, ''), COALESCE(job_id, 0), to_address, subject, text_body, html_body,
		state, last_error, created_at, sent_at FROM mail_messages WHERE id = $1`, id).Scan(&m.ID, &m.PracticeID, &m.JobID,
		&m.To, &m.Subject, &m.Text, &m.HTML, &m.State, &m.LastError, &created, &sent)
	if err != nil {
		return m, fmt.Errorf("store: mail %s: %w", id, db.Classify(err))
	}
	m.CreatedAt, m.SentAt = fromMS(created), fromNullMS(sent)
	return m, nil
}

// MailDelivered records that a message went out (state sent or written) and clears its bodies.
func MailDelivered(ctx context.Context, q Q, id, state string, at time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE mail_messages SET state = $1, sent_at = $2, text_body = '', html_body = '', last_error = ''
		WHERE id = $3`, state, ms(at), id)
	if err != nil {
		return fmt.Errorf("store: mail delivered: %w", err)
	}
	return nil
}

// MailAttemptFailed records why the last try failed; final marks the message failed for good.
func MailAttemptFailed(ctx context.Context, q Q, id, reason string, final bool) error {
	state := "queued"
	if final {
		state = "failed"
	}
	if _, err := q.ExecContext(ctx, `UPDATE mail_messages SET state = $1, last_error = $2 WHERE id = $3`, state, reason, id); err != nil {
		return fmt.Errorf("store: mail failed: %w", err)
	}
	return nil
}

// MailKey is a place in a practice's Mail log: a message's queue time in milliseconds and its id.
type MailKey struct {
	At int64
	ID string
}

// ListMail returns up to limit of a practice's messages, newest first: those older than key, or with
// newer set those newer than it (the page before); the first page when key is nil. It also answers
// whether more messages lie past the page in the direction read. Each page seeks the (practice, queued,
// id) index from its key, however far back it is.
func ListMail(ctx context.Context, q Q, practiceID string, key *MailKey, newer bool, limit int) ([]MailMessage, bool, error) {
	where, args := "practice_id = $1", []any{practiceID}
	dir := " DESC"
	if newer {
		dir = ""
	}
	if key != nil {
		cmp := "<"
		if newer {
			cmp = ">"
		}
		where += " AND (created_at, id) " + cmp + " ($2, $3)"
		args = append(args, key.At, key.ID)
	}
	rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT id, COALESCE(job_id, 0), to_address, subject, state, last_error, created_at, sent_at
		FROM mail_messages WHERE %s ORDER BY created_at%s, id%s LIMIT %d`, where, dir, dir, limit+1), args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: list mail: %w", err)
	}
	defer rows.Close()
	var out []MailMessage
	for rows.Next() {
		m := MailMessage{PracticeID: practiceID}
		var created int64
		var sent sql.NullInt64
		if err := rows.Scan(&m.ID, &m.JobID, &m.To, &m.Subject, &m.State, &m.LastError, &created, &sent); err != nil {
			return nil, false, fmt.Errorf("store: list mail: %w", err)
		}
		m.CreatedAt, m.SentAt = fromMS(created), fromNullMS(sent)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: list mail: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	if newer {
		slices.Reverse(out)
	}
	return out, more, nil
}

// CountMail counts a practice's messages up to CountCap+1.
func CountMail(ctx context.Context, q Q, practiceID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM mail_messages WHERE practice_id = $1 LIMIT %d) m`, CountCap+1),
		practiceID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count mail: %w", err)
	}
	return n, nil
}

// RequeueMail marks a failed message of the practice queued again (a person pressed Retry); the
// caller queues its sending job in the same transaction.
func RequeueMail(ctx context.Context, q Q, practiceID, id string) error {
	res, err := q.ExecContext(ctx, `UPDATE mail_messages SET state = 'queued' WHERE id = $1 AND practice_id = $2 AND state = 'failed'`,
		id, practiceID)
	if err != nil {
		return fmt.Errorf("store: requeue mail: %w", err)
	}
	return expectOne(res, "requeue mail")
}

// SetMailJob records which River job sends a message.
func SetMailJob(ctx context.Context, q Q, id string, jobID int64) error {
	if _, err := q.ExecContext(ctx, `UPDATE mail_messages SET job_id = $1 WHERE id = $2`, jobID, id); err != nil {
		return fmt.Errorf("store: mail job: %w", err)
	}
	return nil
}

// DeleteOldMail deletes messages that are finished (sent, written or failed for good) and older than
// before, and returns how many went; queued ones stay whatever their age.
func DeleteOldMail(ctx context.Context, q Q, before time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM mail_messages WHERE state IN ('sent', 'written', 'failed') AND created_at < $1`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("store: delete old mail: %w", err)
	}
	return res.RowsAffected()
}

// FailOrphanedMail marks failed, with reason, every queued message whose sending job can no longer run:
// River gave it up without a result (its process died during the last try) or it was cancelled or
// deleted. Such a message would otherwise wait forever, with its link kept and no Retry offered.
func FailOrphanedMail(ctx context.Context, q Q, reason string) (int64, error) {
	res, err := q.ExecContext(ctx, `UPDATE mail_messages SET state = 'failed', last_error = $1
		WHERE state = 'queued' AND NOT EXISTS (SELECT 1 FROM river_job j WHERE j.id = mail_messages.job_id
			AND j.state IN ('available', 'pending', 'retryable', 'running', 'scheduled'))`, reason)
	if err != nil {
		return 0, fmt.Errorf("store: fail orphaned mail: %w", err)
	}
	return res.RowsAffected()
}

func nullJob(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
