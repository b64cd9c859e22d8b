package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/id"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/password"
	"tend/internal/store"
)

// Reset links last an hour, and at most three are sent to one person in an hour.
const (
	resetLifetime    = time.Hour
	maxResetsPerHour = 3
)

// badResetLink is what every unusable link answers: unknown, expired and used links look alike.
const badResetLink = "This link has expired or was already used. Ask for a new one below; it arrives in a few minutes."

// RequestPasswordReset emails a single-use link to the active staff member with this email. The answer is
// the same whether or not the email belongs to anyone, so nobody learns who works where.
func (s *Service) RequestPasswordReset(ctx context.Context, email, ip string) error {
	start := time.Now()
	defer func() {
		if wait := s.ResetFloor - time.Since(start); wait > 0 {
			time.Sleep(wait)
		}
	}()
	norm := model.NormalizeEmail(email)
	problems := model.Problems{}
	model.ValidateEmail(problems, "email", norm, true)
	if err := problems.Err(); err != nil {
		return err
	}
	st, _, err := store.StaffByEmail(ctx, s.Store.R(), norm)
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("account: password reset: %w", err)
	}
	if !st.Active || s.Mail == nil {
		return nil
	}
	now := s.now()
	token := id.Token(32)
	err = s.Store.Tx(ctx, func(q store.Q) error {
		ev := s.event(model.Principal{PracticeID: st.PracticeID, IP: ip}, "staff.password_reset_request", "staff", st.ID)
		// The email's login lock makes requests at the same moment count one after the other.
		if err := store.LockLoginEmail(ctx, q, "reset", norm, now); err != nil {
			return err
		}
		n, err := store.RecentPasswordResets(ctx, q, st.ID, now.Add(-time.Hour))
		if err != nil {
			return err
		}
		if n >= maxResetsPerHour {
			ev.Outcome, ev.Detail = model.OutcomeDenied, "too_many_requests"
			return s.Audit.Append(ctx, q, ev)
		}
		if err := store.UsePasswordResets(ctx, q, st.ID, now); err != nil { // only the newest link works
			return err
		}
		if err := store.InsertPasswordReset(ctx, q, hashToken(token), st.ID, "reset", now, now.Add(resetLifetime)); err != nil {
			return err
		}
		subject, text, body, err := mail.Render(mail.StaffPasswordReset, map[string]any{"Link": s.BaseURL + "/login/reset?t=" + token})
		if err != nil {
			return err
		}
		_, err = s.Mail.Queue(ctx, q, outbox.Draft{PracticeID: st.PracticeID, To: st.Email, Subject: subject, Text: text, HTML: body})
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, ev)
	})
	if err != nil {
		return fmt.Errorf("account: password reset: %w", err)
	}
	return nil
}

// CheckPasswordReset reports whether a password link can still be used, before its form is shown, and
// what it is for: "reset", or "invite" (a new staff member's first password).
func (s *Service) CheckPasswordReset(ctx context.Context, token string) (string, error) {
	r, err := store.PasswordResetByHash(ctx, s.Store.R(), hashToken(token))
	if errors.Is(err, model.ErrNotFound) || (err == nil && (!r.UsedAt.IsZero() || !s.now().Before(r.ExpiresAt))) {
		return "", model.FieldError("token", badResetLink)
	}
	return r.Purpose, err
}

// ResetPassword sets a new password through a reset link. The link and any other open link of the
// person stop working, and every session of theirs ends.
func (s *Service) ResetPassword(ctx context.Context, token, next, ip string) error {
	if _, err := s.CheckPasswordReset(ctx, token); err != nil {
		return err
	}
	r, err := store.PasswordResetByHash(ctx, s.Store.R(), hashToken(token))
	if err != nil {
		return err
	}
	st, err := store.StaffByIDAnyPractice(ctx, s.Store.R(), r.StaffID)
	if err != nil {
		return fmt.Errorf("account: reset password: %w", err)
	}
	if !st.Active {
		return model.FieldError("token", badResetLink) // deactivated after the link was sent
	}
	if msg := password.Check(next, st.Email, st.Name); msg != "" {
		return model.FieldError("password", msg)
	}
	hash, err := s.Passwords.Hash(next)
	if err != nil {
		return err
	}
	now := s.now()
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if _, err := store.ClaimPasswordReset(ctx, q, hashToken(token), now); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return model.FieldError("token", badResetLink)
			}
			return err
		}
		// Deactivation spends links in its own transaction; this catches one that ran just before.
		if cur, err := store.StaffByIDAnyPractice(ctx, q, st.ID); err != nil || !cur.Active {
			if err == nil {
				err = model.FieldError("token", badResetLink)
			}
			return err
		}
		if err := store.UsePasswordResets(ctx, q, st.ID, now); err != nil {
			return err
		}
		if err := store.SetStaffPassword(ctx, q, st.ID, hash, false, now); err != nil {
			return err
		}
		if _, err := store.DeleteSessionsOf(ctx, q, model.RealmStaff, st.ID); err != nil {
			return err
		}
		// A reset recovers an account someone else may have held: their API tokens go with the sessions.
		if err := store.RevokeTokensOf(ctx, q, st.ID, now); err != nil {
			return err
		}
		ev := s.event(model.Principal{PracticeID: st.PracticeID, IP: ip}, "staff.password_reset", "staff", st.ID)
		ev.Detail = "api_tokens_revoked"
		return s.Audit.Append(ctx, q, ev)
	})
	if err != nil {
		return fmt.Errorf("account: reset password: %w", err)
	}
	return nil
}

// inviteLifetime is how long a new staff member's invitation link works.
const inviteLifetime = 7 * 24 * time.Hour

// inviteStaff queues, inside q, the email that lets a new staff member choose their first password.
func (s *Service) inviteStaff(ctx context.Context, q store.Q, p model.Principal, st model.Staff, now time.Time) error {
	pr, err := store.PracticeByID(ctx, q, st.PracticeID)
	if err != nil {
		return err
	}
	token := id.Token(32)
	expires := now.Add(inviteLifetime)
	if err := store.InsertPasswordReset(ctx, q, hashToken(token), st.ID, "invite", now, expires); err != nil {
		return err
	}
	who := "Your colleague"
	if p.Name != "" {
		who = p.Name
	}
	subject, text, body, err := mail.Render(mail.StaffInvitation, map[string]any{"Who": who, "Practice": pr.Name,
		"Role": st.Role.Label(), "Link": s.BaseURL + "/login/reset?t=" + token, "Expires": expires, "Loc": pr.Locale()})
	if err != nil {
		return err
	}
	_, err = s.Mail.Queue(ctx, q, outbox.Draft{PracticeID: st.PracticeID, To: st.Email, Subject: subject, Text: text, HTML: body})
	return err
}
