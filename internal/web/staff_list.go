package web

import (
	"net/http"

	"tend/internal/authz"
	"tend/internal/model"
)

type staffRow struct {
	model.Staff
	SupervisorName string
}

type staffListPage struct {
	page
	Staff       []staffRow
	Supervisors []model.Staff
	Roles       []model.Role
	Form        form
	CanManage   bool
}

// staffPageData lists the practice's staff with supervisor names, and who can supervise.
func (s *Server) staffPageData(w http.ResponseWriter, r *http.Request, p model.Principal, f form) (staffListPage, error) {
	pg, err := s.base(w, r, p, "Staff", "settings")
	if err != nil {
		return staffListPage{}, err
	}
	staff, err := s.Accounts.ListStaff(r.Context(), p)
	if err != nil {
		return staffListPage{}, err
	}
	names := map[string]string{}
	var sups []model.Staff
	for _, st := range staff {
		names[st.ID] = st.Name
		if authz.Supervises(st) {
			sups = append(sups, st)
		}
	}
	rows := make([]staffRow, len(staff))
	for i, st := range staff {
		rows[i] = staffRow{st, names[st.SupervisorID]}
	}
	return staffListPage{page: pg, Staff: rows, Supervisors: sups, Roles: authz.GrantableRoles(p), Form: f, CanManage: pg.Can.ManageStaff}, nil
}

// staffList shows Settings → Staff with the form to add someone.
func (s *Server) staffList(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := newForm()
	f.Values["role"] = string(model.RoleClinician)
	data, err := s.staffPageData(w, r, p, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "staff", data)
	return nil
}

// staffAdd adds a staff member; a refused form comes back with what was typed (but not the password).
func (s *Server) staffAdd(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "name", "email", "role", "password", "supervisor_id", "signin")
	// The form sends "invite" or "password"; a post without the choice but with a password means password.
	invite := f.Get("signin") == "invite" || (f.Get("signin") == "" && f.Get("password") == "")
	st, err := s.Accounts.AddStaff(r.Context(), p, model.StaffInput{
		Name: f.Get("name"), Email: f.Get("email"), Role: model.Role(f.Get("role")), Password: f.Get("password"), SupervisorID: f.Get("supervisor_id"),
		Invite: invite, ConfirmDistinctEmail: f.Distinct("email"),
	})
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		data, err := s.staffPageData(w, r, p, f)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "staff", data)
		return nil
	}
	msg := "Added a staff member as " + st.Role.Label() + ". Give them their temporary password; they will choose their own at first sign-in."
	if invite {
		msg = "Added a staff member as " + st.Role.Label() + ". An invitation to choose their password is on its way to their email; it works for seven days."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, "/settings/staff", http.StatusSeeOther)
	return nil
}
