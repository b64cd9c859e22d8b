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
	sess, err := store.SessionByID(ctx, s.Store.R(), model.RealmStaff, hashToken(token))
	if errors.Is(err, model.ErrNotFound) {
		return model.Principal{}, model.ErrUnauthenticated
	}
	if err != nil {
		return model.Principal{}, fmt.Errorf("account: authenticate: %w", err)
	}
	staff, pr, err := s.activeStaff(ctx, sess.PracticeID, sess.SubjectID)
	if err != nil && !errors.Is(err, model.ErrUnauthenticated) {
		return model.Principal{}, err
	}
	if err != nil || !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= pr.IdleTimeout {
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.DeleteSession(ctx, q, sess.ID) }); err != nil {
			return model.Principal{}, fmt.Errorf("account: ending expired session: %w", err)
		}
		return model.Principal{}, model.ErrUnauthenticated
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.TouchSession(ctx, q, sess.ID, now) }); err != nil {
			return model.Principal{}, fmt.Errorf("account: touching session: %w", err)
		}
	}
	p := principal(staff, ip)
	p.SessionID = sess.ID
	return p, nil
}

// AuthenticateToken turns an API token ("tend_…") into the acting principal.
func (s *Service) AuthenticateToken(ctx context.Context, token, ip string) (model.Principal, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return model.Principal{}, model.ErrUnauthenticated
	}
	t, err := store.TokenByHash(ctx, s.Store.R(), hashToken(token))
	if errors.Is(err, model.ErrNotFound) {
		return model.Principal{}, model.ErrUnauthenticated
	}
	if err != nil {
		return model.Principal{}, fmt.Errorf("account: authenticate token: %w", err)
	}
	staff, err := s.staffForToken(ctx, t.StaffID)
	if err != nil {
		return model.Principal{}, err
	}
	now := s.now()
	if now.Sub(t.LastUsedAt) >= touchEvery {
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.TouchToken(ctx, q, t.ID, now) }); err != nil {
			return model.Principal{}, fmt.Errorf("account: touching token: %w", err)
		}
	}
	p := principal(staff, ip)
	p.TokenID = t.ID
	return p, nil
}

func (s *Service) staffForToken(ctx context.Context, staffID string) (model.Staff, error) {
	practiceID, err := store.StaffPracticeID(ctx, s.Store.R(), staffID)
	if errors.Is(err, model.ErrNotFound) {
		return model.Staff{}, model.ErrUnauthenticated
	}
	if err != nil {
		return model.Staff{}, fmt.Errorf("account: token owner: %w", err)
	}
	staff, _, err := s.activeStaff(ctx, practiceID, staffID)
	return staff, err
}

// activeStaff loads a staff member and their practice; an inactive or missing one is unauthenticated.
func (s *Service) activeStaff(ctx context.Context, practiceID, staffID string) (model.Staff, model.Practice, error) {
	staff, err := store.StaffByID(ctx, s.Store.R(), practiceID, staffID)
	if errors.Is(err, model.ErrNotFound) {
		return staff, model.Practice{}, model.ErrUnauthenticated
	}
	if err != nil {
		return staff, model.Practice{}, fmt.Errorf("account: loading staff: %w", err)
	}
	pr, err := store.PracticeByID(ctx, s.Store.R(), practiceID)
	if err != nil {
		return staff, pr, fmt.Errorf("account: loading practice: %w", err)
	}
	if !staff.Active {
		return staff, pr, model.ErrUnauthenticated
	}
	return staff, pr, nil
}

func principal(s model.Staff, ip string) model.Principal {
	return model.Principal{StaffID: s.ID, PracticeID: s.PracticeID, Role: s.Role, Name: s.Name, Email: s.Email,
		MustChangePassword: s.MustChangePassword, IP: ip}
}
