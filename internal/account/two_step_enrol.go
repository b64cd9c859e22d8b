package account

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/model"
	"tend/internal/store"
)

// StartTwoStep begins setting up two-step sign-in for the principal: a new secret, kept sealed and
// unused until ConfirmTwoStep sees a code made from it. Starting again replaces an unconfirmed secret.
func (s *Service) StartTwoStep(ctx context.Context, p model.Principal) (TwoStepSetup, error) {
	st, err := store.StaffByID(ctx, s.Store.R(), p.PracticeID, p.StaffID)
	if err != nil {
		return TwoStepSetup{}, fmt.Errorf("account: start two-step: %w", err)
	}
	if st.TwoStepOn() {
		return TwoStepSetup{}, &model.ConflictError{Message: "Two-step sign-in is already on. To move it to a new phone, turn it off and set it up again."}
	}
	secret, err := newTwoStepSecret()
	if err != nil {
		return TwoStepSetup{}, err
	}
	pr, err := store.PracticeByID(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return TwoStepSetup{}, fmt.Errorf("account: start two-step: %w", err)
	}
	setup, err := setupFor(secret, pr.Name, st.Email)
	if err != nil {
		return TwoStepSetup{}, err
	}
	sealed, err := s.TwoStepSeal.Seal(secret, st.ID)
	if err != nil {
		return TwoStepSetup{}, err
	}
	err = s.Store.Tx(ctx, func(q store.Q) error { return store.PutTwoStepSecret(ctx, q, st.ID, sealed, s.now()) })
	if err != nil {
		return TwoStepSetup{}, fmt.Errorf("account: start two-step: %w", err)
	}
	return setup, nil
}

// PendingTwoStep shows again the setup StartTwoStep began and nobody confirmed yet (a page reloaded, a
// wrong code typed). model.ErrNotFound when there is none, or two-step sign-in is already on.
func (s *Service) PendingTwoStep(ctx context.Context, p model.Principal) (TwoStepSetup, error) {
	st, err := store.StaffByID(ctx, s.Store.R(), p.PracticeID, p.StaffID)
	if err != nil {
		return TwoStepSetup{}, fmt.Errorf("account: pending two-step: %w", err)
	}
	if st.TwoStepOn() {
		return TwoStepSetup{}, model.ErrNotFound
	}
	secret, _, err := s.openSecret(ctx, s.Store.R(), st.ID)
	if err != nil {
		return TwoStepSetup{}, fmt.Errorf("account: pending two-step: %w", err)
	}
	pr, err := store.PracticeByID(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return TwoStepSetup{}, fmt.Errorf("account: pending two-step: %w", err)
	}
	return setupFor(secret, pr.Name, st.Email)
}

// ConfirmTwoStep turns two-step sign-in on when code comes from the secret StartTwoStep made, and returns
// the recovery codes, which are shown this once. The person's other sessions end: they were opened with
// the password alone.
func (s *Service) ConfirmTwoStep(ctx context.Context, p model.Principal, code string) ([]string, error) {
	c, kind := readCode(code)
	switch {
	case c == "":
		return nil, model.FieldError("code", "Enter the 6-digit code your authenticator app shows for Tend.")
	case kind != codeApp:
		return nil, model.FieldError("code", "Enter the 6 digits your authenticator app shows for Tend, without letters.")
	}
	secret, row, err := s.openSecret(ctx, s.Store.R(), p.StaffID)
	if errors.Is(err, model.ErrNotFound) {
		return nil, model.FieldError("code", "Start the setup first: no authenticator is waiting to be confirmed.")
	}
	if err != nil {
		return nil, fmt.Errorf("account: confirm two-step: %w", err)
	}
	step, ok := matchStep(secret, c, s.now())
	if !ok || step <= row.LastStep {
		return nil, model.FieldError("code", "That code does not match. Check that you added the key shown here, that your phone's clock is right, and type the code your app shows now.")
	}
	codes, hashes, err := s.newRecoveryCodes(p.StaffID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.TurnOnTwoStep(ctx, q, p.StaffID, now); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return &model.ConflictError{Message: "Two-step sign-in is already on."}
			}
			return err
		}
		// The confirming code counts as used: it cannot sign anyone in afterwards.
		if err := store.UseTwoStepStep(ctx, q, p.StaffID, step); err != nil {
			return err
		}
		if err := store.ReplaceRecoveryCodes(ctx, q, p.StaffID, hashes, now); err != nil {
			return err
		}
		if err := store.DeleteSessionsOfExcept(ctx, q, model.RealmStaff, p.StaffID, p.SessionID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, "auth.mfa_enabled", "staff", p.StaffID))
	})
	if err != nil {
		return nil, fmt.Errorf("account: confirm two-step: %w", err)
	}
	return codes, nil
}
