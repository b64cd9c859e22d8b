package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// InsertSession stores a new session.
func InsertSession(ctx context.Context, q Q, s model.Session) error {
	_, err := q.ExecContext(ctx, `INSERT INTO sessions (id, realm, subject_id, practice_id, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		s.ID, s.Realm, s.SubjectID, nullStr(s.PracticeID), ms(s.CreatedAt), ms(s.LastSeenAt), ms(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: insert session: %w", db.Classify(err))
	}
	return nil
}

// SessionByID returns a session of the realm by its id (the token's hash), or model.ErrNotFound.
func SessionByID(ctx context.Context, q Q, realm, id string) (model.Session, error) {
	var s model.Session
	var practice sql.NullString
	var created, seen, expires int64
	err := q.QueryRowContext(ctx, `SELECT id, realm, subject_id, practice_id, created_at, last_seen_at, expires_at
		FROM sessions WHERE id = $1 AND realm = $2`, id, realm).
		Scan(&s.ID, &s.Realm, &s.SubjectID, &practice, &created, &seen, &expires)
	if err != nil {
		return s, fmt.Errorf("store: session: %w", db.Classify(err))
	}
	s.PracticeID = practice.String
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = fromMS(created), fromMS(seen), fromMS(expires)
	return s, nil
}

// TouchSession records activity on a session.
func TouchSession(ctx context.Context, q Q, id string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, ms(at), id); err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session.
func DeleteSession(ctx context.Context, q Q, id string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteSessionsOf ends every session of a subject in a realm and returns how many there were.
func DeleteSessionsOf(ctx context.Context, q Q, realm, subjectID string) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE realm = $1 AND subject_id = $2`, realm, subjectID)
	if err != nil {
		return 0, fmt.Errorf("store: delete sessions: %w", err)
	}
	return res.RowsAffected()
}

// DeleteSessionsOfExcept ends a subject's sessions other than keep (after a password change).
func DeleteSessionsOfExcept(ctx context.Context, q Q, realm, subjectID, keep string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE realm = $1 AND subject_id = $2 AND id <> $3`, realm, subjectID, keep); err != nil {
		return fmt.Errorf("store: delete other sessions: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their absolute end or idle since before idleBefore.
func DeleteExpiredSessions(ctx context.Context, q Q, now, idleBefore time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2`, ms(now), ms(idleBefore))
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}
