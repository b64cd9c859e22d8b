package account

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
)

// duplicateStaffEmail is the message for an email that another staff account already uses.
const duplicateStaffEmail = "A staff account with this email already exists. Each person signs in with their own email."

// AddStaff adds a staff member with a temporary password they must change at first login.
// Owners may add any role; admins any role but owner. An email that looks like another staff member's
// in the practice (model.ConfusableEmailError) needs in.ConfirmDistinctEmail.
func (s *Service) AddStaff(ctx context.Context, p model.Principal, in model.StaffInput) (model.Staff, error) {
	if !authz.PracticeWide(p, authz.Create, authz.Staff) {
		return model.Staff{}, model.ErrForbidden
	}
	in.Normalize()
	pr := model.Problems{}
	model.ValidatePersonName(pr, "name", in.Name)
	model.ValidateEmail(pr, "email", in.Email, true)
	validateRole(pr, p, in.Role)
	switch {
	case in.Invite && s.Mail == nil:
		pr.Add("password", "This installation cannot send email; set a temporary password instead.")
	case in.Invite:
		in.Password = id.Token(32) // nobody knows it; the invitation link sets the real one
	default:
		if msg := password.Check(in.Password, in.Email, in.Name); msg != "" {
			pr.Add("password", msg)
		}
	}
	if in.SupervisorID != "" {
		if err := checkSupervisor(ctx, s.Store.R(), p.PracticeID, "", in.SupervisorID, pr); err != nil {
			return model.Staff{}, err
		}
	}
	if err := pr.Err(); err != nil {
		return model.Staff{}, err
	}
	if !in.ConfirmDistinctEmail {
		// Before the password is hashed: a look-alike email comes back for confirmation first.
		other, err := store.LookalikeStaff(ctx, s.Store.R(), p.PracticeID, in.Email)
		switch {
		case err == nil:
			return model.Staff{}, &model.ConfusableEmailError{Field: "email", RecordType: "staff", RecordID: other.ID, Name: other.Name}
		case !errors.Is(err, model.ErrNotFound):
			return model.Staff{}, fmt.Errorf("account: add staff: %w", err)
		}
	}
	hash, err := s.Passwords.Hash(in.Password)
	if err != nil {
		return model.Staff{}, err
	}
	now := s.now()
	st := model.Staff{
		ID: id.New(), PracticeID: p.PracticeID, Email: in.Email, Name: in.Name, Role: in.Role,
		SupervisorID: in.SupervisorID, Active: true, MustChangePassword: !in.Invite, CreatedAt: now, UpdatedAt: now,
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertStaff(ctx, q, st, hash); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return &model.ConflictError{Field: "email", Message: duplicateStaffEmail}
			}
			return err
		}
		e := s.event(p, "staff.create", "staff", st.ID)
		e.Detail = "role=" + string(st.Role)
		if in.Invite {
			e.Detail += " invited"
			if err := s.inviteStaff(ctx, q, p, st, now); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.Staff{}, fmt.Errorf("account: add staff: %w", err)
	}
	return st, nil
}

// validateRole checks that role exists and that p may grant it.
func validateRole(pr model.Problems, p model.Principal, role model.Role) {
	switch {
	case !role.Valid():
		pr.Add("role", "Choose a role.")
	case !authz.MayGrant(p, role):
		pr.Add("role", "Only an owner can make someone an owner.")
	}
}

// checkSupervisor adds a problem unless supervisorID is an active supervisor of the practice other than staffID.
func checkSupervisor(ctx context.Context, q store.Q, practiceID, staffID, supervisorID string, pr model.Problems) error {
	if !id.Valid(supervisorID) {
		pr.Add("supervisor_id", "Choose a supervisor from this practice.")
		return nil
	}
	sup, err := store.StaffByID(ctx, q, practiceID, supervisorID)
	switch {
	case errors.Is(err, model.ErrNotFound):
		pr.Add("supervisor_id", "Choose a supervisor from this practice.")
	case err != nil:
		return fmt.Errorf("account: loading supervisor: %w", err)
	case sup.ID == staffID:
		pr.Add("supervisor_id", "A person cannot supervise themself.")
	case !authz.Supervises(sup):
		pr.Add("supervisor_id", "Choose an active staff member whose role is Supervisor.")
	}
	return nil
}

// AddStaffByOperator adds a staff member from the command line (`tend user add`), acting as the system
// with owner rights in the practice. The operator chose the password, so it is temporary like any other.
func (s *Service) AddStaffByOperator(ctx context.Context, practiceID string, in model.StaffInput) (model.Staff, error) {
	if _, err := store.PracticeByID(ctx, s.Store.R(), practiceID); err != nil {
		return model.Staff{}, err
	}
	return s.AddStaff(ctx, model.Principal{PracticeID: practiceID, Role: model.RoleOwner}, in)
}

// PracticeBySlugOrID finds a practice for the operator's commands.
func (s *Service) PracticeBySlugOrID(ctx context.Context, key string) (model.Practice, error) {
	if p, err := store.PracticeBySlug(ctx, s.Store.R(), key); err == nil {
		return p, nil
	}
	return store.PracticeByID(ctx, s.Store.R(), key)
}

// Practices lists every practice of the installation, for the operator's commands.
func (s *Service) Practices(ctx context.Context) ([]model.Practice, error) {
	return store.ListPractices(ctx, s.Store.R())
}
