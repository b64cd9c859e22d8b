package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tend/internal/db"
)

// PasswordReset is a pending password reset link, by the hash of its token.
type PasswordReset struct {
	StaffID   string
	Purpose   string // reset or invite
	ExpiresAt time.Time
	UsedAt    time.Time
}

// InsertPasswordReset stores a new reset link.
func InsertPasswordReset(ctx context.Context, q Q, tokenHash, staffID, purpose string, at, expires time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO password_resets (token_hash, staff_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		tokenHash, staffID, purpose, ms(at), ms(expires))
	if err != nil {
		return fmt.Errorf("store: insert password reset: %w", err)
	}
	return nil
}

// RecentPasswordResets counts the links made for a staff member since a time (to bound the mail sent).
func RecentPasswordResets(ctx context.Context, q Q, staffID string, since time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM password_resets WHERE staff_id = $1 AND created_at >= $2`, staffID, ms(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: recent password resets: %w", err)
	}
	return n, nil
}

// PasswordResetByHash returns a reset link, or model.ErrNotFound.
func PasswordResetByHash(ctx context.Context, q Q, tokenHash string) (PasswordReset, error) {
	var r PasswordReset
	var expires int64
	var used sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT staff_id, purpose, expires_at, used_at FROM password_resets WHERE token_hash = $1`, tokenHash).
		Scan(&r.StaffID, &r.Purpose, &expires, &used)
	if err != nil {
		return r, fmt.Errorf("store: password reset: %w", db.Classify(err))
	}
	r.ExpiresAt, r.UsedAt = fromMS(expires), fromNullMS(used)
	return r, nil
}

// UsePasswordResets marks every open link of a staff member used (one was, the others lose their worth).
func UsePasswordResets(ctx context.Context, q Q, staffID string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE staff_id = $2 AND used_at IS NULL`, ms(at), staffID); err != nil {
		return fmt.Errorf("store: use password resets: %w", err)
	}
	return nil
}

// ClaimPasswordReset marks one unexpired, unused link used and returns its staff member's id, or
// model.ErrNotFound: a link works once, even when two requests race.
func ClaimPasswordReset(ctx context.Context, q Q, tokenHash string, now time.Time) (string, error) {
	var staffID string
	err := q.QueryRowContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
		RETURNING staff_id`, ms(now), tokenHash).Scan(&staffID)
	if err != nil {
		return "", fmt.Errorf("store: claim password reset: %w", db.Classify(err))
	}
	return staffID, nil
}
