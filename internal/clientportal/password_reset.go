package clientportal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tend/internal/id"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/password"
	"tend/internal/store"
)

// Reset links last an hour; at most three links of one purpose go to one email in an hour.
const (
	resetLifetime   = time.Hour
	maxLinksPerHour = 3
)

const badResetLink = "This link has expired or was already used. Ask for a new one below; it arrives in a few minutes."

// RequestPasswordReset emails a single-use link to the portal account with this email. The answer and
// its timing are the same whether or not the email has an account.
func (s *Service) RequestPasswordReset(ctx context.Context, email, ip string) error {
	defer s.floor()()
	norm := model.NormalizeEmail(email)
	problems := model.Problems{}
	model.ValidateEmail(problems, "email", norm, true)
	if err := problems.Err(); err != nil {
		return err
	}
	acct, _, err := store.PortalAccountByEmail(ctx, s.Store.R(), norm)
	if errors.Is(err, model.ErrNotFound) || s.Mail == nil {
		return nil
	}
	if err != nil {
		return fmt.Errorf("clientportal: password reset: %w", err)
	}
	token := id.Token(32)
	err = s.Store.Tx(ctx, func(q store.Q) error {
		now := s.now()
		if ok, err := s.mayLink(ctx, q, norm, store.LinkReset, now); err != nil || !ok {
			return err
		}
		if err := store.UsePortalLinksOfAccount(ctx, q, acct.ID, now); err != nil { // only the newest link works
			return err
		}
		l := store.PortalLink{Purpose: store.LinkReset, AccountID: acct.ID, EmailNorm: norm, ExpiresAt: now.Add(resetLifetime)}
		if err := store.InsertPortalLink(ctx, q, id.HashToken(token), l, now); err != nil {
			return err
		}
		subject, text, body, err := mail.Render(mail.PortalPasswordReset, map[string]any{"Link": s.BaseURL + "/portal/reset?t=" + token})
		if err != nil {
			return err
		}
		_, err = s.Mail.Queue(ctx, q, outbox.Draft{To: acct.Email, Subject: subject, Text: text, HTML: body})
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event("", acct.ID, ip, "portal.password_reset_request", "portal_account", acct.ID))
	})
	if err != nil {
		return fmt.Errorf("clientportal: password reset: %w", err)
	}
	return nil
}

// mayLink reports whether another link may go to an email now, holding the email's login lock so that
// requests at the same moment are counted one after the other.
func (s *Service) mayLink(ctx context.Context, q store.Q, norm, purpose string, now time.Time) (bool, error) {
	if err := store.LockLoginEmail(ctx, q, model.RealmPortal, norm, now); err != nil {
		return false, err
	}
	n, err := store.RecentPortalLinks(ctx, q, norm, purpose, now.Add(-time.Hour))
	return n < maxLinksPerHour, err
}

// CheckPasswordReset reports whether a portal reset link can still be used, before its form is shown.
func (s *Service) CheckPasswordReset(ctx context.Context, token string) error {
	l, err := store.PortalLinkByHash(ctx, s.Store.R(), id.HashToken(strings.TrimSpace(token)))
	if errors.Is(err, model.ErrNotFound) || (err == nil && (l.Purpose != store.LinkReset || !l.UsedAt.IsZero() || !s.now().Before(l.ExpiresAt))) {
		return model.FieldError("token", badResetLink)
	}
	return err
}

// ResetPassword sets a new portal password through a reset link. Every open reset link of the email
// stops working and every session of the account ends.
func (s *Service) ResetPassword(ctx context.Context, token, next, ip string) error {
	if err := s.CheckPasswordReset(ctx, token); err != nil {
		return err
	}
	hashed := id.HashToken(strings.TrimSpace(token))
	l, err := store.PortalLinkByHash(ctx, s.Store.R(), hashed)
	if err != nil {
		return err
	}
	acct, _, err := store.PortalAccountByID(ctx, s.Store.R(), l.AccountID)
	if err != nil {
		return fmt.Errorf("clientportal: reset password: %w", err)
	}
	if msg := password.Check(next, acct.Email, acct.Name); msg != "" {
		return model.FieldError("password", msg)
	}
	hash, err := s.Passwords.Hash(next)
	if err != nil {
		return err
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		now := s.now()
		if err := store.ClaimPortalLink(ctx, q, hashed, store.LinkReset, now); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return model.FieldError("token", badResetLink)
			}
			return err
		}
		if err := store.UsePortalLinksOfAccount(ctx, q, acct.ID, now); err != nil {
			return err
		}
		if err := store.SetPortalPassword(ctx, q, acct.ID, hash, now); err != nil {
			return err
		}
		if _, err := store.DeleteSessionsOf(ctx, q, model.RealmPortal, acct.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event("", acct.ID, ip, "portal.password_reset", "portal_account", acct.ID))
	})
	if err != nil {
		return fmt.Errorf("clientportal: reset password: %w", err)
	}
	return nil
}
