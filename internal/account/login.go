package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
)

// LoginResult is a successful login: the person, and the secret to put in their session cookie. With
// SecondStep set the password was right but the person uses two-step sign-in: Token is then no session,
// only the waiting sign-in that VerifySecondStep finishes (see mfa_verify.go).
type LoginResult struct {
	Staff      model.Staff
	Token      string
	Session    model.Session
	SecondStep bool
	Device     string // the browser's device cookie from now on (see Devices); "" when device cookies are off
}

// maxEmailLength bounds what a login stores about an attempt; longer input cannot be an address.
const maxEmailLength = 254

// Login checks an email and password and starts a new session. Wrong email and wrong password give the
// same ErrBadCredentials; more than ThrottleAttempts attempts for one email within ThrottleWindow give a
// *model.ThrottledError. oldToken, the session the browser had before (if any), is ended so the session
// id always changes at login. device is the browser's device cookie: attempts from a browser where this
// email signed in before are counted apart from everyone else's (see Devices).
func (s *Service) Login(ctx context.Context, email, pw, ip, oldToken, device string) (LoginResult, error) {
	norm, err := CheckLoginInput(email, pw)
	if err != nil {
		return LoginResult{}, err
	}
	bucket := s.Devices.Bucket(device, model.RealmStaff, norm)
	if throttled, err := CountAttempt(ctx, s.Store, model.RealmStaff, bucket, s.now()); err != nil || throttled != nil {
		if err == nil {
			staff, _, _ := store.StaffByEmail(ctx, s.Store.R(), norm)
			err = errors.Join(s.auditFailure(ctx, staff, ip, "throttled"), s.noticeLockout(ctx, staff, norm))
		}
		if err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, throttled
	}
	staff, hash, err := store.StaffByEmail(ctx, s.Store.R(), norm)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return LoginResult{}, fmt.Errorf("account: login: %w", err)
	}
	ok := false
	if err == nil {
		if ok, err = s.Passwords.Verify(pw, hash); err != nil {
			return LoginResult{}, fmt.Errorf("account: login: %w", err)
		}
	} else {
		s.Passwords.Burn(pw)
	}
	if !ok || !staff.Active {
		reason := "password_mismatch"
		if staff.ID == "" {
			reason = "unknown_email"
		} else if ok {
			reason = "account_inactive"
		}
		if err := s.auditFailure(ctx, staff, ip, reason); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, ErrBadCredentials
	}
	up := hashUpgrade{old: hash}
	if up.new, err = s.Passwords.Upgrade(pw, hash); err != nil {
		return LoginResult{}, fmt.Errorf("account: login: %w", err)
	}
	if staff.TwoStepOn() {
		return s.startSecondStep(ctx, staff, bucket, ip, oldToken, up)
	}

	now := s.now()
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
		if err := store.ClearLoginFailures(ctx, q, model.RealmStaff, bucket); err != nil {
			return err
		}
		if err := up.apply(ctx, q, staff.ID); err != nil {
			return err
		}
		if err := store.InsertSession(ctx, q, sess); err != nil {
			return err
		}
		p := model.Principal{StaffID: staff.ID, PracticeID: staff.PracticeID, Role: staff.Role, IP: ip}
		return s.Audit.Append(ctx, q, s.event(p, "auth.login", "staff", staff.ID))
	})
	if err != nil {
		return LoginResult{}, fmt.Errorf("account: login: %w", err)
	}
	return LoginResult{Staff: staff, Token: token, Session: sess, Device: s.Devices.Issue(device, model.RealmStaff, norm)}, nil
}

// CheckLoginInput checks that a login form is filled in sensibly and returns the normalized email.
func CheckLoginInput(email, pw string) (string, error) {
	norm := model.NormalizeEmail(email)
	p := model.Problems{}
	switch {
	case norm == "":
		p.Add("email", "Enter your email address.")
	case len(norm) > maxEmailLength:
		p.Add("email", "Enter the email address you sign in with.")
	}
	switch {
	case pw == "":
		p.Add("password", "Enter your password.")
	case len(pw) > 4*password.MaxLength:
		p.Add("password", "This is longer than any password Tend accepts.")
	}
	return norm, p.Err()
}

// CountAttempt records a login attempt of a realm against its bucket (the email, or the email and a
// trusted browser: Devices.Bucket) before the password is checked, so attempts made at the same moment
// cannot slip past the limit. It returns a *model.ThrottledError (and records nothing) when the bucket
// has used up its ThrottleAttempts within ThrottleWindow. Staff and the portal share it.
func CountAttempt(ctx context.Context, st *store.Store, realm, bucket string, now time.Time) (*model.ThrottledError, error) {
	var throttled *model.ThrottledError
	err := st.Tx(ctx, func(q store.Q) error {
		if err := store.LockLoginEmail(ctx, q, realm, bucket, now); err != nil {
			return err
		}
		n, oldest, err := store.LoginFailuresSince(ctx, q, realm, bucket, now.Add(-ThrottleWindow))
		if err != nil {
			return err
		}
		if n >= ThrottleAttempts {
			throttled = &model.ThrottledError{RetryAfter: oldest.Add(ThrottleWindow).Sub(now)}
			return nil
		}
		return store.InsertLoginFailure(ctx, q, realm, bucket, now)
	})
	if err != nil {
		return nil, fmt.Errorf("account: counting login attempt: %w", err)
	}
	return throttled, nil
}

// auditFailure records a refused login. The typed email is never written to the audit log: it may hold
// a mistyped password. A known account's refusals go to its practice's chain, others to the installation's.
func (s *Service) auditFailure(ctx context.Context, staff model.Staff, ip, reason string) error {
	if staff.ID == "" { // no account: counted per hour, not chained one by one (see migration 016)
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.CountFailedSignIn(ctx, q, s.now(), "staff", reason) }); err != nil {
			return fmt.Errorf("account: counting failed login: %w", err)
		}
		return nil
	}
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
	if err := s.Store.Tx(ctx, func(q store.Q) error { return s.Audit.Append(ctx, q, e) }); err != nil {
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
		return s.Audit.Append(ctx, q, s.event(p, "auth.logout", "staff", p.StaffID))
	})
	if err != nil {
		return fmt.Errorf("account: logout: %w", err)
	}
	return nil
}
