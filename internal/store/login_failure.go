package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tend/internal/id"
)

// LockLoginEmail takes the per-email lock row for the rest of the transaction.
func LockLoginEmail(ctx context.Context, q Q, realm, emailNorm string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO login_locks (realm, email_norm, at) VALUES ($1, $2, $3)
		ON CONFLICT (realm, email_norm) DO UPDATE SET at = excluded.at`, realm, emailNorm, ms(at)); err != nil {
		return fmt.Errorf("store: lock login email: %w", err)
	}
	return nil
}

// InsertLoginFailure records one login attempt for a normalized email, whether or not an account has it.
func InsertLoginFailure(ctx context.Context, q Q, realm, emailNorm string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO login_failures (id, realm, email_norm, at) VALUES ($1, $2, $3, $4)`,
		id.New(), realm, emailNorm, ms(at)); err != nil {
		return fmt.Errorf("store: insert login failure: %w", err)
	}
	return nil
}

// LoginFailuresSince counts failures for the email since a time and returns the oldest of them.
func LoginFailuresSince(ctx context.Context, q Q, realm, emailNorm string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), MIN(at) FROM login_failures WHERE realm = $1 AND email_norm = $2 AND at >= $3`,
		realm, emailNorm, ms(since)).Scan(&n, &oldest)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: count login failures: %w", err)
	}
	return n, fromNullMS(oldest), nil
}

// ClearLoginFailures forgets an email's failures after a successful login.
func ClearLoginFailures(ctx context.Context, q Q, realm, emailNorm string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM login_failures WHERE realm = $1 AND email_norm = $2`, realm, emailNorm); err != nil {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return nil
}

// PruneLoginFailures deletes attempts and lock rows older than before.
func PruneLoginFailures(ctx context.Context, q Q, before time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, ms(before)); err != nil {
		return fmt.Errorf("store: prune login failures: %w", err)
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM login_locks WHERE at < $1`, ms(before)); err != nil {
		return fmt.Errorf("store: prune login locks: %w", err)
	}
	return nil
}
