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

// emailLinkLifetime is how long the link confirming a new email works.
const emailLinkLifetime = 24 * time.Hour

const badEmailLink = "This link has expired or was already used. Ask for the change again from your account page."

// checkCurrent verifies the account's current password, auditing a mismatch.
func (s *Service) checkCurrent(ctx context.Context, pp model.PortalPrincipal, current, action string) error {
	if current == "" {
		return model.FieldError("current_password", "Enter your current password.")
	}
	_, hash, err := store.PortalAccountByID(ctx, s.Store.R(), pp.AccountID)
	if err != nil {
		return err
	}
	ok, err := s.Passwords.Verify(current, hash)
	if err != nil {
		return err
	}
	if !ok {
		e := s.event("", pp.AccountID, pp.IP, action, "portal_account", pp.AccountID)
		e.Outcome, e.Detail = model.OutcomeFailure, "current_password_mismatch"
		if err := s.Store.Tx(ctx, func(q store.Q) error { return s.Audit.Append(ctx, q, e) }); err != nil {
			return err
		}
		return model.FieldError("current_password", "This is not your current password.")
	}
	return nil
}

// ChangePassword replaces the account's password after checking the current one; its other sessions end.
func (s *Service) ChangePassword(ctx context.Context, pp model.PortalPrincipal, current, next string) error {
	if msg := password.Check(next, pp.Email, pp.Name); msg != "" {
		return model.FieldError("new_password", msg)
	}
	if err := s.checkCurrent(ctx, pp, current, "portal.password_change"); err != nil {
		return err
	}
	hash, err := s.Passwords.Hash(next)
	if err != nil {
		return err
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.SetPortalPassword(ctx, q, pp.AccountID, hash, s.now()); err != nil {
			return err
		}
		if err := store.DeleteSessionsOfExcept(ctx, q, model.RealmPortal, pp.AccountID, pp.SessionID); err != nil {
			return err
		}
		if err := store.UsePortalLinksOfAccount(ctx, q, pp.AccountID, s.now()); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event("", pp.AccountID, pp.IP, "portal.password_change", "portal_account", pp.AccountID))
	})
	if err != nil {
		return fmt.Errorf("clientportal: change password: %w", err)
	}
	return nil
}

// RequestEmailChange sends a link to the new address; the change is made when it is opened, which proves
// the address. The answer is the same whether or not the address has an account (which would tell who is
// in care somewhere): an address with an account gets a notice instead, and that person sees why.
func (s *Service) RequestEmailChange(ctx context.Context, pp model.PortalPrincipal, current, email string) error {
	norm := model.NormalizeEmail(email)
	problems := model.Problems{}
	model.ValidateEmail(problems, "email", norm, true)
	if norm == model.NormalizeEmail(pp.Email) {
		problems.Add("email", "This is already your email.")
	}
	if err := problems.Err(); err != nil {
		return err
	}
	if err := s.checkCurrent(ctx, pp, current, "portal.email_change_request"); err != nil {
		return err
	}
	_, _, err := store.PortalAccountByEmail(ctx, s.Store.R(), norm)
	taken := err == nil
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if s.Mail == nil {
		return errors.New("clientportal: an email change needs the outbox")
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		now := s.now()
		ok, err := s.mayLink(ctx, q, norm, store.LinkEmail, now)
		if err != nil {
			return err
		}
		if !ok {
			return &model.ValidationError{Message: "Several links went to this address in the last hour. Wait a little and try again."}
		}
		if err := store.UsePortalLinksOfAccount(ctx, q, pp.AccountID, now); err != nil { // one change at a time
			return err
		}
		token := id.Token(32)
		l := store.PortalLink{Purpose: store.LinkEmail, AccountID: pp.AccountID, EmailNorm: norm, ExpiresAt: now.Add(emailLinkLifetime)}
		if taken {
			l.ExpiresAt = now // counted against the limit, never usable
		}
		if err := store.InsertPortalLink(ctx, q, id.HashToken(token), l, now); err != nil {
			return err
		}
		d, err := s.emailChangeMail(norm, token, taken)
		if err != nil {
			return err
		}
		if _, err := s.Mail.Queue(ctx, q, d); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event("", pp.AccountID, pp.IP, "portal.email_change_request", "portal_account", pp.AccountID))
	})
	if err != nil {
		return fmt.Errorf("clientportal: email change: %w", err)
	}
	return nil
}

// emailChangeMail is the link confirming a new address, or, when the address has an account already,
// a notice saying nothing changed.
func (s *Service) emailChangeMail(to, token string, taken bool) (outbox.Draft, error) {
	name, data := mail.PortalEmailConfirm, map[string]any{"Link": s.BaseURL + "/portal/email?t=" + token}
	if taken {
		name, data = mail.PortalEmailTaken, nil
	}
	subject, text, body, err := mail.Render(name, data)
	return outbox.Draft{To: to, Subject: subject, Text: text, HTML: body}, err
}

// ConfirmEmailChange makes the change a link confirms and tells the old address. Every session of the
// account ends, so the person signs in again with the new address, and no earlier link works any more.
func (s *Service) ConfirmEmailChange(ctx context.Context, token, ip string) (string, error) {
	hashed := id.HashToken(strings.TrimSpace(token))
	l, err := store.PortalLinkByHash(ctx, s.Store.R(), hashed)
	if errors.Is(err, model.ErrNotFound) || (err == nil && l.Purpose != store.LinkEmail) {
		return "", model.FieldError("token", badEmailLink)
	}
	if err != nil {
		return "", err
	}
	old, _, err := store.PortalAccountByID(ctx, s.Store.R(), l.AccountID)
	if err != nil {
		return "", fmt.Errorf("clientportal: confirm email change: %w", err)
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		now := s.now()
		if err := store.ClaimPortalLink(ctx, q, hashed, store.LinkEmail, now); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return model.FieldError("token", badEmailLink)
			}
			return err
		}
		if err := store.SetPortalEmail(ctx, q, l.AccountID, l.EmailNorm, now); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return &model.ConflictError{Field: "email", Message: "This address already has a client portal account, so it cannot be added to another. Sign in with it instead."}
			}
			return err
		}
		if err := store.UsePortalLinksOfAccount(ctx, q, l.AccountID, now); err != nil {
			return err
		}
		if _, err := store.DeleteSessionsOf(ctx, q, model.RealmPortal, l.AccountID); err != nil {
			return err
		}
		if s.Mail != nil {
			subject, text, body, err := mail.Render(mail.PortalEmailChanged, nil)
			if err != nil {
				return err
			}
			if _, err := s.Mail.Queue(ctx, q, outbox.Draft{To: old.Email, Subject: subject, Text: text, HTML: body}); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, q, s.event("", l.AccountID, ip, "portal.email_change", "portal_account", l.AccountID))
	})
	if err != nil {
		return "", fmt.Errorf("clientportal: confirm email change: %w", err)
	}
	return l.EmailNorm, nil
}
