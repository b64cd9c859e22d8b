package store

import (
	"context"
	"fmt"
	"time"
)

// ClaimLockoutNotice reports whether a notice about paused sign-in may go to the holder of an email now:
// true, and now recorded, when none went out since quietSince; false otherwise.
func ClaimLockoutNotice(ctx context.Context, q Q, realm, emailNorm string, now, quietSince time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO lockout_notices (realm, email_norm, sent_at) VALUES ($1, $2, $3)
		ON CONFLICT (realm, email_norm) DO UPDATE SET sent_at = excluded.sent_at WHERE lockout_notices.sent_at < $4`,
		realm, emailNorm, ms(now), ms(quietSince))
	if err != nil {
		return false, fmt.Errorf("store: claim lockout notice: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim lockout notice: %w", err)
	}
	return n > 0, nil
}

// PruneLockoutNotices forgets notices sent before a time.
func PruneLockoutNotices(ctx context.Context, q Q, before time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM lockout_notices WHERE sent_at < $1`, ms(before)); err != nil {
		return fmt.Errorf("store: prune lockout notices: %w", err)
	}
	return nil
}
