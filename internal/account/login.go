package account

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/audit"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
)

// LoginResult is a successful login: the person, and the secret to put in their session cookie.
type LoginResult struct {
	Staff   model.Staff
	Token   string
	Session model.Session
}

// Login checks an email and password and starts a new session. Wrong email and wrong password give the
// same ErrBadCredentials; too many failures for the email give a *model.ThrottledError. oldToken, the
// session the browser had before (if any), is ended so the session id always changes at login.
func (s *Service) Login(ctx context.Context, email, pw, ip, oldToken string) (LoginResult, error) {
	norm := model.NormalizeEmail(email)
	if norm == "" || pw == "" {
		p := model.Problems{}
		if norm == "" {
			p.Add("email", "Enter your email address.")
		}
		if pw == "" {
			p.Add("password", "Enter your password.")
		}
		return LoginResult{}, p.Err()
	}
	now := s.now()
	n, oldest, err := store.LoginFailuresSince(ctx, s.Store.R(), model.RealmStaff, norm, now.Add(-ThrottleWindow))
	if err != nil {
		return LoginResult{}, fmt.Errorf("account: login: %w", err)
	}
	if n >= ThrottleAttempts {
		staff, _, _ := store.StaffByEmail(ctx, s.Store.R(), norm)
		_ = s.recordFailure(ctx, staff, norm, ip, "throttled", false)
		return LoginResult{}, &model.ThrottledError{RetryAfter: oldest.Add(ThrottleWindow).Sub(now)}
	}
	staff, hash, err := store.StaffByEmail(ctx, s.Store.R(), norm)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return LoginResult{}, fmt.Errorf("account: login: %w", err)
	}
	ok := false
	if err == nil {
		if ok, err = password.Verify(pw, hash); err != nil {
			return LoginResult{}, fmt.Errorf("account: login: %w", err)
		}
	} else {
		password.Burn(pw)
	}
	if !ok || !staff.Active {
		reason := "password_mismatch"
		if staff.ID == "" {
			reason = "unknown_email"
		} else if ok {
			reason = "account_inactive"
		}
		if err := s.recordFailure(ctx, staff, norm, ip, reason, true); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, ErrBadCredentials
	}

	token := id.Token(32)
	sess := model.Session{
		ID: hashToken(token), Realm: model.RealmStaff, SubjectID: staff.ID, PracticeID: staff.PracticeID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(AbsoluteTimeout),
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if oldToken != "" {
			if err := store.DeleteSession(ctx, q, hashToken(oldToken)); err != nil {
				return err
			}
		}
		if err := store.ClearLoginFailures(ctx, q, model.RealmStaff, norm); err != nil {
			return err
		}
		if err := store.InsertSession(ctx, q, sess); err != nil {
			return err
		}
		p := model.Principal{StaffID: staff.ID, PracticeID: staff.PracticeID, Role: staff.Role, IP: ip}
		return audit.Append(ctx, q, s.event(p, "auth.login", "staff", staff.ID))
	})
	if err != nil {
		return LoginResult{}, fmt.Errorf("account: login: %w", err)
	}
	return LoginResult{Staff: staff, Token: token, Session: sess}, nil
}

// recordFailure audits a failed login and, when count is set, counts it towards the throttle.
// The typed email is never written to the audit log: it may hold a mistyped password.
func (s *Service) recordFailure(ctx context.Context, staff model.Staff, norm, ip, reason string, count bool) error {
	e := model.AuditEvent{
		PracticeID: staff.PracticeID, At: s.now(), ActorType: model.ActorAnonymous, Action: "auth.login_failed",
		IP: ip, Outcome: model.OutcomeFailure, Detail: reason,
	}
	if staff.ID != "" {
		e.ActorType, e.ActorID, e.ActorRole = model.ActorStaff, staff.ID, string(staff.Role)
		e.RecordType, e.RecordID = "staff", staff.ID
	}
	if reason == "throttled" {
		e.Outcome = model.OutcomeDenied
	}
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if count {
			if err := store.InsertLoginFailure(ctx, q, model.RealmStaff, norm, s.now()); err != nil {
				return err
			}
		}
		return audit.Append(ctx, q, e)
	})
	if err != nil {
		return fmt.Errorf("account: recording failed login: %w", err)
	}
	return nil
}

// Logout ends the principal's session (a no-op for API tokens) and audits it.
func (s *Service) Logout(ctx context.Context, p model.Principal) error {
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if p.SessionID != "" {
			if err := store.DeleteSession(ctx, q, p.SessionID); err != nil {
				return err
			}
		}
		return audit.Append(ctx, q, s.event(p, "auth.logout", "staff", p.StaffID))
	})
	if err != nil {
		return fmt.Errorf("account: logout: %w", err)
	}
	return nil
}
