package account

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"tend/internal/model"
	"tend/internal/store"
)

// Authenticate turns a session cookie's token into the acting principal. The session must exist, be
// within its absolute lifetime and the practice's idle timeout, and belong to an active staff member;
// otherwise it is deleted and model.ErrUnauthenticated returned.
func (s *Service) Authenticate(ctx context.Context, token, ip string) (model.Principal, error) {
	if token == "" {
		return model.Principal{}, model.ErrUnauthenticated
	}
	now := s.now()
	sess, staff, idle, err := store.StaffSession(ctx, s.Store.R(), hashToken(token))
	if errors.Is(err, model.ErrNotFound) {
		return model.Principal{}, model.ErrUnauthenticated
	}
	if err != nil {
		return model.Principal{}, fmt.Errorf("account: authenticate: %w", err)
	}
	if !staff.Active || !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= idle {
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.DeleteSession(ctx, q, sess.ID) }); err != nil {
			return model.Principal{}, fmt.Errorf("account: ending expired session: %w", err)
		}
		return model.Principal{}, model.ErrUnauthenticated
	}
	// A background request (polling) is not activity: it never moves last-seen (model.Background).
	if now.Sub(sess.LastSeenAt) >= touchEvery && !model.IsBackground(ctx) {
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.TouchSession(ctx, q, sess.ID, now) }); err != nil {
			return model.Principal{}, fmt.Errorf("account: touching session: %w", err)
		}
	}
	p := principal(staff, ip)
	p.SessionID = sess.ID
	if err := s.twoStepRule(ctx, &p, staff); err != nil {
		return model.Principal{}, err
	}
	return p, nil
}

// AuthenticateToken turns an API token ("tend_…") of an active staff member into the acting principal. An
// expired token is refused like an unknown one.
func (s *Service) AuthenticateToken(ctx context.Context, token, ip string) (model.Principal, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return model.Principal{}, model.ErrUnauthenticated
	}
	t, staff, err := store.TokenStaff(ctx, s.Store.R(), hashToken(token))
	if errors.Is(err, model.ErrNotFound) {
		return model.Principal{}, model.ErrUnauthenticated
	}
	if err != nil {
		return model.Principal{}, fmt.Errorf("account: authenticate token: %w", err)
	}
	now := s.now()
	if !staff.Active || t.Expired(now) {
		return model.Principal{}, model.ErrUnauthenticated
	}
	if now.Sub(t.LastUsedAt) >= touchEvery {
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.TouchToken(ctx, q, t.ID, now) }); err != nil {
			return model.Principal{}, fmt.Errorf("account: touching token: %w", err)
		}
	}
	p := principal(staff, ip)
	p.TokenID = t.ID
	if err := s.twoStepRule(ctx, &p, staff); err != nil {
		return model.Principal{}, err
	}
	return p, nil
}

func principal(s model.Staff, ip string) model.Principal {
	return model.Principal{StaffID: s.ID, PracticeID: s.PracticeID, Role: s.Role, Name: s.Name, Email: s.Email,
		MustChangePassword: s.MustChangePassword, TwoStepOn: s.TwoStepOn(), IP: ip}
}
