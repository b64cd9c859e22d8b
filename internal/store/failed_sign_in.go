package store

import (
	"context"
	"fmt"
	"time"
)

// FailedSignInWindow is the span anonymous failed sign-ins are counted over.
const FailedSignInWindow = time.Hour

// CountFailedSignIn adds one anonymous failed sign-in (no account has the typed email) to the count of
// its hour, realm (staff or portal) and reason.
func CountFailedSignIn(ctx context.Context, q Q, at time.Time, realm, reason string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO failed_sign_ins (window_start, realm, reason, attempts) VALUES ($1, $2, $3, 1)
		ON CONFLICT (window_start, realm, reason) DO UPDATE SET attempts = failed_sign_ins.attempts + 1`,
		ms(at.UTC().Truncate(FailedSignInWindow)), realm, reason)
	if err != nil {
		return fmt.Errorf("store: count failed sign-in: %w", err)
	}
	return nil
}

// FailedSignInsSince sums the anonymous failed sign-ins counted in windows that start at since or later.
func FailedSignInsSince(ctx context.Context, q Q, since time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(attempts), 0) FROM failed_sign_ins WHERE window_start >= $1`,
		ms(since.UTC().Truncate(FailedSignInWindow))).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: failed sign-ins: %w", err)
	}
	return n, nil
}
