package clientportal

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/account"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// LoginResult is a successful portal login: the account and the secret for its session cookie.
type LoginResult struct {
	Account model.PortalAccount
	Token   string
	Device  string // the browser's device cookie from now on (see account.Devices)
}

// Login checks a portal email and password and starts a session, with the staff login's rules: one
// answer for a wrong email or password, and the same throttle per email, kept apart for browsers where the
// email signed in before (PT-1).
func (s *Service) Login(ctx context.Context, email, pw, ip, oldToken, device string) (LoginResult, error) {
	norm, err := account.CheckLoginInput(email, pw)
	if err != nil {
		return LoginResult{}, err
	}
	bucket := s.Devices.Bucket(device, model.RealmPortal, norm)
	throttled, err := account.CountAttempt(ctx, s.Store, model.RealmPortal, bucket, s.now())
	if err != nil {
		return LoginResult{}, err
	}
	acct, hash, err := store.PortalAccountByEmail(ctx, s.Store.R(), norm)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return LoginResult{}, fmt.Errorf("clientportal: login: %w", err)
	}
	if throttled != nil {
		return LoginResult{}, errors.Join(throttled, s.auditFailure(ctx, acct.ID, ip, "throttled"), s.noticeLockout(ctx, acct, norm))
	}
	ok := false
	if acct.ID != "" {
		if ok, err = s.Passwords.Verify(pw, hash); err != nil {
			return LoginResult{}, fmt.Errorf("clientportal: login: %w", err)
		}
	} else {
		s.Passwords.Burn(pw)
	}
	if !ok {
		reason := "password_mismatch"
		if acct.ID == "" {
			reason = "unknown_email"
		}
		if err := s.auditFailure(ctx, acct.ID, ip, reason); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, account.ErrBadCredentials
	}
	// A hash made with other parameters than the standard cost (19 MiB and 2 passes before issue 19) is
	// replaced by one of the same password at that cost, with the session, so exactly when sign-in succeeds.
	upgraded, err := s.Passwords.Upgrade(pw, hash)
	if err != nil {
		return LoginResult{}, fmt.Errorf("clientportal: login: %w", err)
	}
	var token string
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.ClearLoginFailures(ctx, q, model.RealmPortal, bucket); err != nil {
			return err
		}
		if upgraded != "" {
			if err := store.UpgradePortalPassword(ctx, q, acct.ID, hash, upgraded); err != nil {
				return err
			}
		}
		if token, err = s.startSession(ctx, q, acct.ID, oldToken, s.now()); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event("", acct.ID, ip, "portal.login", "portal_account", acct.ID))
	})
	if err != nil {
		return LoginResult{}, fmt.Errorf("clientportal: login: %w", err)
	}
	return LoginResult{Account: acct, Token: token, Device: s.Devices.Issue(device, model.RealmPortal, norm)}, nil
}

// noticeLockout emails a portal account holder whose sign-in wrong passwords have paused, at most once in
// account.LockoutNoticeQuiet.
func (s *Service) noticeLockout(ctx context.Context, acct model.PortalAccount, norm string) error {
	if acct.ID == "" || s.Mail == nil {
		return nil
	}
	err := s.Store.Tx(ctx, func(q store.Q) error {
		return account.QueueLockoutNotice(ctx, q, s.Mail, mail.PortalSignInPaused, model.RealmPortal, norm,
			outbox.Draft{To: acct.Email}, s.BaseURL+"/portal/forgot", s.now())
	})
	if err != nil {
		return fmt.Errorf("clientportal: lockout notice: %w", err)
	}
	return nil
}

// auditFailure records a refused portal login in the installation's chain; the typed email is never
// written down.
func (s *Service) auditFailure(ctx context.Context, accountID, ip, reason string) error {
	if accountID == "" { // no account: counted per hour, not chained one by one (see migration 016)
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.CountFailedSignIn(ctx, q, s.now(), "portal", reason) }); err != nil {
			return fmt.Errorf("clientportal: counting failed login: %w", err)
		}
		return nil
	}
	e := s.event("", accountID, ip, "portal.login_failed", "", "")
	if accountID != "" {
		e.RecordType, e.RecordID = "portal_account", accountID
	}
	e.Outcome, e.Detail = model.OutcomeFailure, reason
	if reason == "throttled" {
		e.Outcome = model.OutcomeDenied
	}
	if err := s.Store.Tx(ctx, func(q store.Q) error { return s.Audit.Append(ctx, q, e) }); err != nil {
		return fmt.Errorf("clientportal: recording failed login: %w", err)
	}
	return nil
}

// Logout ends the person's portal session.
func (s *Service) Logout(ctx context.Context, pp model.PortalPrincipal) error {
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.DeleteSession(ctx, q, pp.SessionID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event("", pp.AccountID, pp.IP, "portal.logout", "portal_account", pp.AccountID))
	})
	if err != nil {
		return fmt.Errorf("clientportal: logout: %w", err)
	}
	return nil
}
