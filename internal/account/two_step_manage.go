package account

import (
	"context"
	"fmt"
	"strconv"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// DisableTwoStep turns the principal's two-step sign-in off after checking their password; the secret
// and recovery codes are deleted. When the practice requires two-step sign-in they must set it up again
// before going on, which is how a person moves it to a new phone.
func (s *Service) DisableTwoStep(ctx context.Context, p model.Principal, pw string) error {
	if err := s.passwordFor(ctx, p, pw, "auth.mfa_disabled"); err != nil {
		return err
	}
	st, err := store.StaffByID(ctx, s.Store.R(), p.PracticeID, p.StaffID)
	if err != nil {
		return fmt.Errorf("account: turn off two-step: %w", err)
	}
	if !st.TwoStepOn() {
		return &model.ConflictError{Message: "Two-step sign-in is already off."}
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.DeleteTwoStep(ctx, q, p.StaffID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, "auth.mfa_disabled", "staff", p.StaffID))
	})
	if err != nil {
		return fmt.Errorf("account: turn off two-step: %w", err)
	}
	return nil
}

// RegenerateRecoveryCodes replaces the principal's recovery codes with new ones after checking their
// password; the old ones stop working. The new codes are returned to be shown once.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, p model.Principal, pw string) ([]string, error) {
	if err := s.passwordFor(ctx, p, pw, "auth.recovery_codes_regenerated"); err != nil {
		return nil, err
	}
	st, err := store.StaffByID(ctx, s.Store.R(), p.PracticeID, p.StaffID)
	if err != nil {
		return nil, fmt.Errorf("account: new recovery codes: %w", err)
	}
	if !st.TwoStepOn() {
		return nil, &model.ConflictError{Message: "Turn on two-step sign-in first; recovery codes come with it."}
	}
	codes, hashes, err := s.newRecoveryCodes(p.StaffID)
	if err != nil {
		return nil, err
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.ReplaceRecoveryCodes(ctx, q, p.StaffID, hashes, s.now()); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, "auth.recovery_codes_regenerated", "staff", p.StaffID))
	})
	if err != nil {
		return nil, fmt.Errorf("account: new recovery codes: %w", err)
	}
	return codes, nil
}

// passwordFor checks the password a two-step change asks for; a wrong one is audited under action as a
// failure and answered on the "password" field.
func (s *Service) passwordFor(ctx context.Context, p model.Principal, pw, action string) error {
	if pw == "" {
		return model.FieldError("password", "Enter your password to confirm it is you.")
	}
	ok, err := s.checkPassword(ctx, p, pw)
	if err != nil {
		return fmt.Errorf("account: checking password: %w", err)
	}
	if ok {
		return nil
	}
	ev := s.event(p, action, "staff", p.StaffID)
	ev.Outcome, ev.Detail = model.OutcomeFailure, "password_mismatch"
	if err := s.Store.Tx(ctx, func(q store.Q) error { return s.Audit.Append(ctx, q, ev) }); err != nil {
		return fmt.Errorf("account: checking password: %w", err)
	}
	return model.FieldError("password", "This is not your password.")
}

// ResetTwoStep turns off a colleague's two-step sign-in when they lost their phone and their recovery
// codes: owners and admins, never on an owner unless an owner, never on oneself (use DisableTwoStep).
// The colleague's sessions end; they sign in with their password and, where the practice requires it,
// set two-step sign-in up again at once.
func (s *Service) ResetTwoStep(ctx context.Context, p model.Principal, staffID string) (model.Staff, error) {
	if !authz.PracticeWide(p, authz.Delete, authz.StaffTwoStep) {
		return model.Staff{}, model.ErrForbidden
	}
	if !id.Valid(staffID) {
		return model.Staff{}, model.ErrNotFound
	}
	var out model.Staff
	err := s.Store.Tx(ctx, func(q store.Q) error {
		st, err := store.StaffByID(ctx, q, p.PracticeID, staffID)
		if err != nil {
			return err
		}
		if !authz.MayResetTwoStep(p, st.Role) {
			return model.ErrForbidden
		}
		switch {
		case st.ID == p.StaffID:
			return &model.ConflictError{Field: "two_step", Message: "You cannot reset your own two-step sign-in here. Turn it off under Settings → Two-step sign-in, with your password."}
		case !st.TwoStepOn():
			return &model.ConflictError{Field: "two_step", Message: "This person does not use two-step sign-in, so there is nothing to reset."}
		}
		left, err := store.RecoveryCodesLeft(ctx, q, st.ID)
		if err != nil {
			return err
		}
		if err := store.DeleteTwoStep(ctx, q, st.ID); err != nil {
			return err
		}
		if _, err := store.DeleteSessionsOf(ctx, q, model.RealmStaff, st.ID); err != nil {
			return err
		}
		ev := s.event(p, "auth.mfa_reset", "staff", st.ID)
		ev.Detail = "recovery_codes_left=" + strconv.Itoa(left)
		if err := s.Audit.Append(ctx, q, ev); err != nil {
			return err
		}
		st.TwoStepSince = model.Staff{}.TwoStepSince
		out = st
		return nil
	})
	if err != nil {
		return model.Staff{}, fmt.Errorf("account: reset two-step: %w", err)
	}
	return out, nil
}

// ResetTwoStepForEmail turns off the two-step sign-in of the staff member with that email, for the
// operator (`tend user reset-two-step`): the way back in for a practice's only owner who lost their phone
// and recovery codes. The audit log shows the operator (system) did it.
func (s *Service) ResetTwoStepForEmail(ctx context.Context, email string) (model.Staff, error) {
	st, _, err := store.StaffByEmail(ctx, s.Store.R(), model.NormalizeEmail(email))
	if err != nil {
		return model.Staff{}, fmt.Errorf("account: no staff account with that email: %w", err)
	}
	if !st.TwoStepOn() {
		return model.Staff{}, &model.ConflictError{Message: "this account does not use two-step sign-in"}
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.DeleteTwoStep(ctx, q, st.ID); err != nil {
			return err
		}
		if _, err := store.DeleteSessionsOf(ctx, q, model.RealmStaff, st.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(model.Principal{PracticeID: st.PracticeID}, "auth.mfa_reset", "staff", st.ID))
	})
	if err != nil {
		return model.Staff{}, fmt.Errorf("account: reset two-step: %w", err)
	}
	st.TwoStepSince = model.Staff{}.TwoStepSince
	return st, nil
}

// MayResetTwoStep reports whether p may reset member's two-step sign-in, for pages to offer the button
// only where ResetTwoStep would allow it (the rule lives in authz).
func (s *Service) MayResetTwoStep(p model.Principal, member model.Staff) bool {
	return member.ID != p.StaffID && authz.MayResetTwoStep(p, member.Role)
}
