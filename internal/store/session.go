package store

import (
	"context"
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

// StaffSession returns a staff session with its staff member and the practice's idle timeout in one
// query, for the check every signed-in request makes. A missing session is model.ErrNotFound.
func StaffSession(ctx context.Context, q Q, id string) (model.Session, model.Staff, time.Duration, error) {
	var s model.Session
	var created, seen, expires int64
	var idle int
	st, err := scanStaff(q.QueryRowContext(ctx, `SELECT `+prefixed("s.", staffCols)+`, se.id, se.created_at, se.last_seen_at, se.expires_at, p.idle_timeout_minutes
		FROM sessions se JOIN staff s ON s.id = se.subject_id JOIN practices p ON p.id = s.practice_id
		WHERE se.id = $1 AND se.realm = $2`, id, model.RealmStaff), &s.ID, &created, &seen, &expires, &idle)
	if err != nil {
		return s, st, 0, fmt.Errorf("store: staff session: %w", err)
	}
	s.Realm, s.SubjectID, s.PracticeID = model.RealmStaff, st.ID, st.PracticeID
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = fromMS(created), fromMS(seen), fromMS(expires)
	return s, st, time.Duration(idle) * time.Minute, nil
}
