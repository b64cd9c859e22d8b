package web

import (
	"net/http"

	"tend/internal/model"
)

type staffEditPage struct {
	page
	Member      model.Staff
	Form        form
	Roles       []model.Role
	Supervisors []model.Staff
	Self        bool
	// CanResetTwoStep: the viewer may reset the member's two-step sign-in (the policy's rule).
	CanResetTwoStep bool
}

func (s *Server) staffEditData(w http.ResponseWriter, r *http.Request, p model.Principal, member model.Staff, f form) (staffEditPage, error) {
	list, err := s.staffPageData(w, r, p, f)
	if err != nil {
		return staffEditPage{}, err
	}
	list.Title = "Edit " + member.Name
	var sups []model.Staff
	for _, sup := range list.Supervisors {
		if sup.ID != member.ID {
			sups = append(sups, sup)
		}
	}
	return staffEditPage{page: list.page, Member: member, Form: f, Roles: list.Roles, Supervisors: sups, Self: member.ID == p.StaffID,
		CanResetTwoStep: s.Accounts.MayResetTwoStep(p, member)}, nil
}

// staffEditForm shows one staff member's name, role and supervisor, and the deactivate button.
func (s *Server) staffEditForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !s.Accounts.Capabilities(p).ManageStaff {
		return model.ErrForbidden
	}
	member, err := s.Accounts.GetStaff(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm()
	f.Values["name"], f.Values["role"], f.Values["supervisor_id"] = member.Name, string(member.Role), member.SupervisorID
	if member.NotesNeedCosign {
		f.Values["notes_need_cosign"] = "on"
	}
	data, err := s.staffEditData(w, r, p, member, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "staff_edit", data)
	return nil
}

// staffEditSubmit saves name, role and supervisor.
func (s *Server) staffEditSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "name", "role", "supervisor_id", "notes_need_cosign")
	name, role, sup := f.Get("name"), model.Role(f.Get("role")), f.Get("supervisor_id")
	ch := model.StaffChange{Name: &name, SupervisorID: &sup}
	if r.PostForm.Has("cosign_shown") { // the page sends it with the box, so an unticked box turns the rule off
		cosign := f.Get("notes_need_cosign") == "on"
		ch.NotesNeedCosign = &cosign
	}
	if role != "" {
		ch.Role = &role
	}
	return s.staffChange(w, r, p, f, ch, "Changes saved.")
}

// staffSetActive deactivates (ending their sessions at once) or reactivates a staff member.
func (s *Server) staffSetActive(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	active := r.PostFormValue("active") == "true"
	msg := "The account is active again."
	if !active {
		msg = "The account is deactivated: its sessions have ended and its API tokens are revoked."
	}
	return s.staffChange(w, r, p, newForm(), model.StaffChange{Active: &active}, msg)
}

func (s *Server) staffChange(w http.ResponseWriter, r *http.Request, p model.Principal, f form, ch model.StaffChange, done string) error {
	id := r.PathValue("id")
	_, err := s.Accounts.UpdateStaff(r.Context(), p, id, ch)
	if err == nil {
		s.setFlash(w, done)
		http.Redirect(w, r, "/settings/staff/"+id, http.StatusSeeOther)
		return nil
	}
	if !validation(err, &f) {
		return err
	}
	member, err := s.Accounts.GetStaff(r.Context(), p, id)
	if err != nil {
		return err
	}
	if len(f.Values) == 0 {
		f.Values["name"], f.Values["role"], f.Values["supervisor_id"] = member.Name, string(member.Role), member.SupervisorID
	}
	data, err := s.staffEditData(w, r, p, member, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, "staff_edit", data)
	return nil
}
