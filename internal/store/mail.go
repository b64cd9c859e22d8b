package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tend/internal/db"
)

// MailMessage is an outgoing email as stored.
type MailMessage struct {
	ID, PracticeID, JobID   string
	To, Subject, Text, HTML string
	State, LastError        string
	CreatedAt, SentAt       time.Time
}

// InsertMail stores a message to send; call it with the job that sends it, in the change's transaction.
func InsertMail(ctx context.Context, q Q, m MailMessage) error {
	_, err := q.ExecContext(ctx, `INSERT INTO mail_messages (id, practice_id, job_id, to_address, subject, text_body, html_body,
		state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8)`,
		m.ID, nullStr(m.PracticeID), m.JobID, m.To, m.Subject, m.Text, m.HTML, ms(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert mail: %w", err)
	}
	return nil
}

// MailByID returns a stored message, or model.ErrNotFound.
func MailByID(ctx context.Context, q Q, id string) (MailMessage, error) {
	var m MailMessage
	var created int64
	var sent sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT id, COALESCE(practice_id, ''), job_id, to_address, subject, text_body, html_body,
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
