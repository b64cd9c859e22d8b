package reminders

import (
	"context"
	"errors"

	"tend/internal/store"
)

// ErrCrash stands for the process dying before its transaction commits.
var ErrCrash = errors.New("reminders test: crashed before commit")

// ClaimThenCrash claims and queues the due reminders as a run would, and then dies before committing.
func (s *Service) ClaimThenCrash(ctx context.Context) (int, error) {
	n := 0
	err := s.Store.Tx(ctx, func(q store.Q) error {
		var err error
		if n, _, err = s.claimAndQueue(ctx, q); err != nil {
			return err
		}
		return ErrCrash
	})
	return n, err
}
