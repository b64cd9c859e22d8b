package account

import (
	"context"
	"fmt"
	"time"

	"tend/internal/model"
	"tend/internal/store"
)

// Sweep deletes sessions past their absolute end or idle longer than any practice allows, and login
// failures older than the throttle window (and lockout notices past their quiet time). Timeouts are enforced per request anyway; this keeps tables small.
func (s *Service) Sweep(ctx context.Context) error {
	now := s.now()
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if _, err := store.DeleteExpiredSessions(ctx, q, now, now.Add(-model.MaxIdleTimeoutMinutes*time.Minute)); err != nil {
			return err
		}
		if err := store.PruneLockoutNotices(ctx, q, now.Add(-LockoutNoticeQuiet)); err != nil {
			return err
		}
		return store.PruneLoginFailures(ctx, q, now.Add(-ThrottleWindow))
	})
	if err != nil {
		return fmt.Errorf("account: sweep: %w", err)
	}
	return nil
}
