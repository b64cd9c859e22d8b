package account

import (
	"context"
	"fmt"

	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
)

// ChangePassword replaces the principal's own password after checking the current one. Their other
// sessions end; the one they are using stays. Their API tokens are revoked too unless keepTokens: a
// password changed because it leaked should take the tokens made with it along.
func (s *Service) ChangePassword(ctx context.Context, p model.Principal, current, next string, keepTokens bool) error {
	pr := model.Problems{}
	if current == "" {
		pr.Add("current_password", "Enter your current password.")
	}
	if msg := password.Check(next, p.Email, p.Name); msg != "" {
		pr.Add("new_password", msg)
	} else if next == current {
		pr.Add("new_password", "Choose a password different from the current one.")
	}
	if err := pr.Err(); err != nil {
		return err
	}
	hash, err := store.StaffPasswordHash(ctx, s.Store.R(), p.StaffID)
	if err != nil {
		return fmt.Errorf("account: change password: %w", err)
	}
	ok, err := s.Passwords.Verify(current, hash)
	if err != nil {
		return fmt.Errorf("account: change password: %w", err)
	}
	if !ok {
		ev := s.event(p, "staff.password_change", "staff", p.StaffID)
		ev.Outcome, ev.Detail = model.OutcomeFailure, "current_password_mismatch"
		if err := s.Store.Tx(ctx, func(q store.Q) error { return s.Audit.Append(ctx, q, ev) }); err != nil {
			return fmt.Errorf("account: change password: %w", err)
		}
		return model.FieldError("current_password", "This is not your current password.")
	}
	newHash, err := s.Passwords.Hash(next)
	if err != nil {
		return err
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.SetStaffPassword(ctx, q, p.StaffID, newHash, false, s.now()); err != nil {
			return err
		}
		if err := store.DeleteSessionsOfExcept(ctx, q, model.RealmStaff, p.StaffID, p.SessionID); err != nil {
			return err
		}
		// A reset link sent before the change is not needed any more.
		if err := store.UsePasswordResets(ctx, q, p.StaffID, s.now()); err != nil {
			return err
		}
		ev := s.event(p, "staff.password_change", "staff", p.StaffID)
		if !keepTokens {
			if err := store.RevokeTokensOf(ctx, q, p.StaffID, s.now()); err != nil {
				return err
			}
			ev.Detail = "api_tokens_revoked"
		}
		return s.Audit.Append(ctx, q, ev)
	})
	if err != nil {
		return fmt.Errorf("account: change password: %w", err)
	}
	return nil
}
