package account

import (
	"context"
	"fmt"
	"time"

	"tend/internal/model"
	"tend/internal/store"
)

// KeepExpiredTokens is how long an expired API token stays listed (marked expired) before the sweep
// deletes it: long enough for its owner to notice why a script stopped.
const KeepExpiredTokens = 90 * 24 * time.Hour

// Sweep deletes sessions past their absolute end or idle longer than any practice allows, sign-ins that
// waited too long for their second step, login failures older than the throttle window, lockout notices
// past their quiet time, and API tokens expired for longer than KeepExpiredTokens. Timeouts and expiry
// are enforced per request anyway; this keeps tables small.
func (s *Service) Sweep(ctx context.Context) error {
	now := s.now()
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if _, err := store.DeleteExpiredSessions(ctx, q, now, now.Add(-model.MaxIdleTimeoutMinutes*time.Minute)); err != nil {
			return err
		}
		if err := store.PruneLockoutNotices(ctx, q, now.Add(-LockoutNoticeQuiet)); err != nil {
			return err
		}
		if _, err := store.DeleteTokensExpiredBefore(ctx, q, now.Add(-KeepExpiredTokens)); err != nil {
			return err
		}
		if err := store.DeleteExpiredSignInChallenges(ctx, q, now); err != nil {
			return err
		}
		return store.PruneLoginFailures(ctx, q, now.Add(-ThrottleWindow))
	})
	if err != nil {
		return fmt.Errorf("account: sweep: %w", err)
	}
	return nil
}
