package clients

import (
	"context"
	"fmt"
	"time"

	"tend/internal/model"
	"tend/internal/store"
)

// WaitingInvitations lists up to limit open portal invitations on the charts in care the principal may
// see, the soonest to expire first, with how many are open, expired and expiring within soon of now.
func (s *Service) WaitingInvitations(ctx context.Context, p model.Principal, soon time.Duration, limit int) ([]model.WaitingInvitation, store.InvitationCounts, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return nil, store.InvitationCounts{}, err
	}
	now := s.Now().UTC()
	list, n, err := store.WaitingInvitations(ctx, s.Store.R(), p.PracticeID, a.visibility(), now, now.Add(soon), limit)
	if err != nil {
		return nil, n, fmt.Errorf("clients: waiting invitations: %w", err)
	}
	return list, n, nil
}
