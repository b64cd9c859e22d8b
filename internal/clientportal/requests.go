package clientportal

import (
	"context"
	"fmt"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Requests lists the connection requests waiting for the signed-in person (PT-5).
func (s *Service) Requests(ctx context.Context, pp model.PortalPrincipal) ([]store.AccountAccess, error) {
	return store.RequestsForEmail(ctx, s.Store.R(), model.NormalizeEmail(pp.Email), s.now())
}

// AnswerRequest approves or declines a connection request (PT-5). Approving links the account to the
// chart and the client becomes Active; declining is final until the practice sends a new request. A
// request that is not the person's answers model.ErrNotFound.
func (s *Service) AnswerRequest(ctx context.Context, pp model.PortalPrincipal, accessID string, approve bool) (store.AccountAccess, error) {
	var out store.AccountAccess
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if !id.Valid(accessID) {
			return fmt.Errorf("clientportal: malformed access id: %w", model.ErrNotFound)
		}
		acc, err := store.AccessOfAccountByID(ctx, q, accessID)
		if err != nil {
			return err
		}
		if acc.State != model.AccessRequested || model.NormalizeEmail(acc.Email) != model.NormalizeEmail(pp.Email) ||
			acc.RecordState != model.StateActive || acc.Invitation == nil || !s.now().Before(acc.Invitation.ExpiresAt) {
			return fmt.Errorf("clientportal: access %s is no request of this account: %w", accessID, model.ErrNotFound)
		}
		now := s.now()
		action := "portal.request_decline"
		acc.State = model.AccessDeclined
		if approve {
			action, acc.State, acc.AccountID = "portal.request_approve", model.AccessActive, pp.AccountID
		}
		if err := store.UpdatePortalAccess(ctx, q, acc.PortalAccess, now); err != nil {
			return err
		}
		if err := store.UseInvitation(ctx, q, acc.ID, now); err != nil {
			return err
		}
		if err := store.RefreshPortalState(ctx, q, acc.ChartID); err != nil {
			return err
		}
		out = acc
		e := s.event(acc.PracticeID, pp.AccountID, pp.IP, action, "portal_access", acc.ID)
		e.ChartID = acc.ChartID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return store.AccountAccess{}, fmt.Errorf("clientportal: answer request: %w", err)
	}
	return out, nil
}
