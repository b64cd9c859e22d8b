package account

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// startSecondStep ends a login whose password was right for a person with two-step sign-in: no session
// yet, only a waiting sign-in that opens the code form for signInWait. Login calls it.
func (s *Service) startSecondStep(ctx context.Context, staff model.Staff, bucket, ip, oldToken string, up hashUpgrade) (LoginResult, error) {
	now := s.now()
	token := id.Token(32)
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if oldToken != "" {
			if err := store.DeleteSession(ctx, q, hashToken(oldToken)); err != nil {
				return err
			}
		}
		// Wrong codes are counted on their own (realmTwoStep), so clearing the password's count here does
		// not give someone who knows the password more guesses at the code.
		if err := store.ClearLoginFailures(ctx, q, model.RealmStaff, bucket); err != nil {
			return err
		}
		if err := up.apply(ctx, q, staff.ID); err != nil { // the password was right: its hash is upgraded now
			return err
		}
		if err := store.InsertSignInChallenge(ctx, q, hashToken(token), staff.ID, now, now.Add(signInWait)); err != nil {
			return err
		}
		p := model.Principal{StaffID: staff.ID, PracticeID: staff.PracticeID, Role: staff.Role, IP: ip}
		ev := s.event(p, "auth.mfa_challenged", "staff", staff.ID)
		ev.Detail = "password_ok"
		return s.Audit.Append(ctx, q, ev)
	})
	if err != nil {
		return LoginResult{}, fmt.Errorf("account: login: %w", err)
	}
	return LoginResult{Staff: staff, Token: token, SecondStep: true}, nil
}

// SecondStepWaiting reports whether token is a sign-in waiting for its second step, so the code form is
// shown only to the browser that passed the password; ErrSignInExpired otherwise.
func (s *Service) SecondStepWaiting(ctx context.Context, token string) error {
	_, err := s.challenge(ctx, token)
	return err
}

// challenge returns the active staff member with two-step sign-in whom the waiting sign-in is for.
func (s *Service) challenge(ctx context.Context, token string) (model.Staff, error) {
	if token == "" {
		return model.Staff{}, ErrSignInExpired
	}
	staffID, expires, err := store.SignInChallenge(ctx, s.Store.R(), hashToken(token))
	if errors.Is(err, model.ErrNotFound) {
		return model.Staff{}, ErrSignInExpired
	}
	if err != nil {
		return model.Staff{}, fmt.Errorf("account: second step: %w", err)
	}
	if !s.now().Before(expires) {
		return model.Staff{}, ErrSignInExpired
	}
	st, err := store.StaffByIDAnyPractice(ctx, s.Store.R(), staffID)
	if err != nil {
		return model.Staff{}, fmt.Errorf("account: second step: %w", err)
	}
	if !st.Active || !st.TwoStepOn() {
		return model.Staff{}, ErrSignInExpired // deactivated, or reset, while the sign-in waited
	}
	return st, nil
}

// secondStepRefusal is why a code was refused: the audit detail and the message next to the field.
type secondStepRefusal struct{ detail, message string }

func (e *secondStepRefusal) Error() string { return "second step refused: " + e.detail }

var (
	wrongCode = &secondStepRefusal{"wrong_code",
		"That code is not right. Type the 6-digit code your authenticator app shows for Tend now, or one of your recovery codes."}
	reusedCode = &secondStepRefusal{"code_reused",
		"This code was already used. Wait for your app to show the next one (codes change every 30 seconds) and type that."}
	reusedRecovery = &secondStepRefusal{"recovery_code_reused",
		"This recovery code was already used; each one works once. Use another of your recovery codes."}
)

// VerifySecondStep finishes a sign-in waiting for its second step: token is the waiting sign-in's, code a
// 6-digit code from the authenticator app or a recovery code. A code of a step at or before the last one
// accepted is refused, and so is a used recovery code. Wrong codes are throttled like passwords
// (ThrottleAttempts in ThrottleWindow, per person) and audited. On success a new session starts; oldToken,
// the session the browser had before (if any), ends, so the session id always changes. device is the
// browser's device cookie, renewed only now that the sign-in is whole (see Devices).
func (s *Service) VerifySecondStep(ctx context.Context, token, code, ip, oldToken, device string) (LoginResult, error) {
	st, err := s.challenge(ctx, token)
	if err != nil {
		return LoginResult{}, err
	}
	c, kind := readCode(code)
	switch {
	case c == "":
		return LoginResult{}, model.FieldError("code", "Enter the 6-digit code from your authenticator app, or a recovery code.")
	case kind == codeInvalid:
		return LoginResult{}, model.FieldError("code", "Enter the 6 digits from your authenticator app, or a recovery code like abcde-fghjk.")
	}
	p := model.Principal{StaffID: st.ID, PracticeID: st.PracticeID, Role: st.Role, IP: ip}
	throttled, err := CountAttempt(ctx, s.Store, realmTwoStep, st.ID, s.now())
	if err != nil {
		return LoginResult{}, err
	}
	if throttled != nil {
		return LoginResult{}, errors.Join(throttled, s.auditRefusal(ctx, p, "throttled", model.OutcomeDenied))
	}
	now := s.now()
	var step int64
	if kind == codeApp {
		secret, row, err := s.openSecret(ctx, s.Store.R(), st.ID)
		if err != nil {
			return LoginResult{}, fmt.Errorf("account: second step: %w", err)
		}
		var ok bool
		if step, ok = matchStep(secret, c, now); !ok {
			return LoginResult{}, s.refuse(ctx, p, wrongCode)
		}
		if step <= row.LastStep {
			return LoginResult{}, s.refuse(ctx, p, reusedCode)
		}
	}
	newToken := id.Token(32)
	sess := model.Session{
		ID: hashToken(newToken), Realm: model.RealmStaff, SubjectID: st.ID, PracticeID: st.PracticeID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(AbsoluteTimeout),
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		login := s.event(p, "auth.login", "staff", st.ID)
		login.Detail = "two_step=app"
		if kind == codeApp {
			if err := store.UseTwoStepStep(ctx, q, st.ID, step); errors.Is(err, model.ErrConflict) {
				return reusedCode // the same code at the same moment, from elsewhere
			} else if err != nil {
				return err
			}
		} else {
			switch err := store.UseRecoveryCode(ctx, q, st.ID, s.recoveryHash(st.ID, c), now); {
			case errors.Is(err, model.ErrConflict):
				return reusedRecovery
			case errors.Is(err, model.ErrNotFound):
				return wrongCode
			case err != nil:
				return err
			}
			login.Detail = "two_step=recovery_code"
		}
		if ok, err := store.DeleteSignInChallenge(ctx, q, hashToken(token)); err != nil || !ok {
			if err == nil {
				err = ErrSignInExpired // finished by another request a moment ago
			}
			return err
		}
		if oldToken != "" {
			if err := store.DeleteSession(ctx, q, hashToken(oldToken)); err != nil {
				return err
			}
		}
		if err := store.ClearLoginFailures(ctx, q, realmTwoStep, st.ID); err != nil {
			return err
		}
		if err := store.InsertSession(ctx, q, sess); err != nil {
			return err
		}
		if kind == codeRecovery {
			left, err := store.RecoveryCodesLeft(ctx, q, st.ID)
			if err != nil {
				return err
			}
			used := s.event(p, "auth.recovery_code_used", "staff", st.ID)
			used.Detail = "left=" + strconv.Itoa(left)
			if err := s.Audit.Append(ctx, q, used); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, q, login)
	})
	var refusal *secondStepRefusal
	switch {
	case errors.As(err, &refusal):
		return LoginResult{}, s.refuse(ctx, p, refusal)
	case errors.Is(err, ErrSignInExpired):
		return LoginResult{}, ErrSignInExpired
	case err != nil:
		return LoginResult{}, fmt.Errorf("account: second step: %w", err)
	}
	return LoginResult{Staff: st, Token: newToken, Session: sess,
		Device: s.Devices.Issue(device, model.RealmStaff, model.NormalizeEmail(st.Email))}, nil
}

// refuse audits a refused code and answers with its message on the "code" field.
func (s *Service) refuse(ctx context.Context, p model.Principal, r *secondStepRefusal) error {
	if err := s.auditRefusal(ctx, p, r.detail, model.OutcomeFailure); err != nil {
		return err
	}
	return model.FieldError("code", r.message)
}

func (s *Service) auditRefusal(ctx context.Context, p model.Principal, detail, outcome string) error {
	ev := s.event(p, "auth.mfa_failed", "staff", p.StaffID)
	ev.Outcome, ev.Detail = outcome, detail
	if err := s.Store.Tx(ctx, func(q store.Q) error { return s.Audit.Append(ctx, q, ev) }); err != nil {
		return fmt.Errorf("account: recording refused code: %w", err)
	}
	return nil
}
