package api

import (
	"net/http"

	"tend/internal/model"
)

// listStaff lists the practice's staff.
func (s *Server) listStaff(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	staff, err := s.Accounts.ListStaff(r.Context(), p)
	if err != nil {
		return err
	}
	out := list[staffJSON]{Items: make([]staffJSON, 0, len(staff)), Total: len(staff), Page: 1, PerPage: len(staff)}
	for _, st := range staff {
		out.Items = append(out.Items, toStaff(st))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type staffCreateRequest struct {
	Name                 string `json:"name"`
	Email                string `json:"email"`
	Role                 string `json:"role"`
	Password             string `json:"password"`
	SupervisorID         string `json:"supervisor_id"`
	Invite               bool   `json:"invite"`
	ConfirmDistinctEmail bool   `json:"confirm_distinct_email"` // go ahead with an email that looks like another record's
}

// addStaff adds a staff member with a temporary password, or (invite) emails them a link to choose one.
func (s *Server) addStaff(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in staffCreateRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	st, err := s.Accounts.AddStaff(r.Context(), p, model.StaffInput{
		Name: in.Name, Email: in.Email, Role: model.Role(in.Role), Password: in.Password, SupervisorID: in.SupervisorID, Invite: in.Invite,
		ConfirmDistinctEmail: in.ConfirmDistinctEmail,
	})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/staff/"+st.ID)
	writeJSON(w, http.StatusCreated, toStaff(st))
	return nil
}

// getStaff returns one staff member of the practice.
func (s *Server) getStaff(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	st, err := s.Accounts.GetStaff(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toStaff(st))
	return nil
}

type staffPatchRequest struct {
	Name         *string `json:"name"`
	Role         *string `json:"role"`
	Active       *bool   `json:"active"`
	SupervisorID *string `json:"supervisor_id"`
	// NotesNeedCosign: the person's session notes need their supervisor's co-signature.
	NotesNeedCosign *bool `json:"notes_need_cosign"`
}

// updateStaff changes name, role, supervisor or active state; absent fields stay as they are.
func (s *Server) updateStaff(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in staffPatchRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ch := model.StaffChange{Name: in.Name, Active: in.Active, SupervisorID: in.SupervisorID, NotesNeedCosign: in.NotesNeedCosign}
	if in.Role != nil {
		role := model.Role(*in.Role)
		ch.Role = &role
	}
	st, err := s.Accounts.UpdateStaff(r.Context(), p, r.PathValue("id"), ch)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toStaff(st))
	return nil
}
