package account

import (
	"context"
	"fmt"
	"strings"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// UpdateStaff changes a staff member's name, role, supervisor or active state. Deactivating ends their
// sessions and revokes their API tokens at once. Nobody changes their own role or deactivates themself, admins do not touch owners,
// and a practice always keeps an active owner. Another practice's staff member is model.ErrNotFound.
func (s *Service) UpdateStaff(ctx context.Context, p model.Principal, staffID string, ch model.StaffChange) (model.Staff, error) {
	if !authz.PracticeWide(p, authz.Change, authz.Staff) {
		return model.Staff{}, model.ErrForbidden
	}
	if !id.Valid(staffID) {
		return model.Staff{}, model.ErrNotFound
	}
	var out model.Staff
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.LockPractice(ctx, q, p.PracticeID); err != nil {
			return err
		}
		st, err := store.StaffByID(ctx, q, p.PracticeID, staffID)
		if err != nil {
			return err
		}
		before := st
		pr := model.Problems{}
		if !authz.MayChangeStaff(p, st.Role) {
			return model.ErrForbidden
		}
		if ch.Name != nil {
			st.Name = strings.TrimSpace(*ch.Name)
			model.ValidatePersonName(pr, "name", st.Name)
		}
		if ch.Role != nil && *ch.Role != st.Role {
			validateRole(pr, p, *ch.Role)
			if st.ID == p.StaffID {
				pr.Add("role", "You cannot change your own role. Ask another owner or admin.")
			}
			st.Role = *ch.Role
		}
		if ch.Active != nil && *ch.Active != st.Active {
			if st.ID == p.StaffID {
				pr.Add("active", "You cannot deactivate your own account.")
			}
			st.Active = *ch.Active
		}
		if ch.SupervisorID != nil {
			st.SupervisorID = strings.TrimSpace(*ch.SupervisorID)
			if st.SupervisorID != "" && st.SupervisorID != before.SupervisorID {
				if err := checkSupervisor(ctx, q, p.PracticeID, st.ID, st.SupervisorID, pr); err != nil {
					return err
				}
			}
		}
		if ch.NotesNeedCosign != nil {
			st.NotesNeedCosign = *ch.NotesNeedCosign
		}
		if err := pr.Err(); err != nil {
			return err
		}
		if before.Role == model.RoleOwner && before.Active && (st.Role != model.RoleOwner || !st.Active) {
			n, err := store.CountActiveOwners(ctx, q, p.PracticeID)
			if err != nil {
				return err
			}
			if n <= 1 {
				return model.FieldError("role", "The practice needs at least one active owner. Make someone else an owner first.")
			}
		}
		st.UpdatedAt = s.now()
		if err := store.UpdateStaff(ctx, q, st); err != nil {
			return err
		}
		if st.NotesNeedCosign != before.NotesNeedCosign { // issue 14, item 3
			if err := store.SetStaffNeedsCosign(ctx, q, p.PracticeID, st.ID, st.NotesNeedCosign); err != nil {
				return err
			}
		}
		if before.Active && !st.Active {
			if _, err := store.DeleteSessionsOf(ctx, q, model.RealmStaff, st.ID); err != nil {
				return err
			}
			// Tokens are revoked, not merely refused, so reactivating someone does not revive old tokens.
			if err := store.RevokeTokensOf(ctx, q, st.ID, st.UpdatedAt); err != nil {
				return err
			}
			// Nor old password links.
			if err := store.UsePasswordResets(ctx, q, st.ID, st.UpdatedAt); err != nil {
				return err
			}
		}
		if err := s.Audit.Append(ctx, q, staffChangeEvent(s.event(p, "staff.update", "staff", st.ID), before, st)); err != nil {
			return err
		}
		out = st
		return nil
	})
	if err != nil {
		return model.Staff{}, fmt.Errorf("account: update staff: %w", err)
	}
	return out, nil
}

// staffChangeEvent names what changed, without personal data: the action, and old→new roles.
func staffChangeEvent(e model.AuditEvent, before, after model.Staff) model.AuditEvent {
	var parts []string
	if before.Name != after.Name {
		parts = append(parts, "name")
	}
	if before.Role != after.Role {
		parts = append(parts, "role="+string(before.Role)+"->"+string(after.Role))
	}
	if before.SupervisorID != after.SupervisorID {
		parts = append(parts, "supervisor")
	}
	if before.NotesNeedCosign != after.NotesNeedCosign {
		parts = append(parts, fmt.Sprintf("notes_need_cosign=%t", after.NotesNeedCosign))
	}
	switch {
	case before.Active && !after.Active:
		e.Action = "staff.deactivate"
	case !before.Active && after.Active:
		e.Action = "staff.reactivate"
	}
	e.Detail = strings.Join(parts, " ")
	return e
}

// ListStaff returns the practice's staff for anyone signed in to it (names appear across the app).
func (s *Service) ListStaff(ctx context.Context, p model.Principal) ([]model.Staff, error) {
	return store.ListStaff(ctx, s.Store.R(), p.PracticeID)
}

// GetStaff returns one staff member of the principal's practice.
func (s *Service) GetStaff(ctx context.Context, p model.Principal, staffID string) (model.Staff, error) {
	if !id.Valid(staffID) {
		return model.Staff{}, model.ErrNotFound
	}
	return store.StaffByID(ctx, s.Store.R(), p.PracticeID, staffID)
}
