package web

import (
	"net/http"
	"strings"

	"tend/internal/clients"
	"tend/internal/model"
)

type memberPage struct {
	page
	C   clients.View
	Row personRow
}

// memberNewForm offers to add a member to a group chart: a new client or one already in Tend (GR-1).
func (s *Server) memberNewForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := newForm()
	newRowDefaults(f, "", true)
	return s.renderMember(w, r, p, f, http.StatusOK)
}

// memberCreate adds the member, or runs the row's search (op=find:0) and shows the matches.
func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, append(rowFields, "identified_patient", "billing_contact")...)
	if strings.HasPrefix(r.PostFormValue("op"), "find:") {
		return s.renderMember(w, r, p, f, http.StatusOK)
	}
	if noneChosen(&f, "", true) {
		return s.renderMember(w, r, p, f, http.StatusUnprocessableEntity)
	}
	in := memberInput(f, "")
	in.IdentifiedPatient, in.BillingContact = f.Get("identified_patient") == "0", f.Get("billing_contact") == "0"
	if _, err := s.Clients.AddMember(r.Context(), p, r.PathValue("id"), in); err != nil {
		if !validation(err, &f) {
			return err
		}
		return s.renderMember(w, r, p, f, http.StatusUnprocessableEntity)
	}
	s.setFlash(w, "The member is added.")
	http.Redirect(w, r, "/clients/"+r.PathValue("id"), http.StatusSeeOther)
	return nil
}

// memberUpdate saves a member's settings, or gives them the identified-patient or billing role.
func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var ch clients.MemberChange
	yes := true
	msg := "Saved."
	switch r.PostFormValue("action") {
	case "settings":
		rem, br := r.PostFormValue("receives_reminders") == "on", r.PostFormValue("receives_bridging") == "on"
		ch.Reminders, ch.Bridging = &rem, &br
	case "identified_patient":
		ch.IdentifiedPatient, msg = &yes, "The identified patient is changed."
	case "billing_contact":
		ch.BillingContact, msg = &yes, "The billing contact is changed."
	default:
		return model.ErrNotFound
	}
	if _, err := s.Clients.UpdateMember(r.Context(), p, r.PathValue("id"), r.PathValue("member"), ch); err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		msg = firstMessage(f)
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, "/clients/"+r.PathValue("id"), http.StatusSeeOther)
	return nil
}

// memberRemove takes a client out of the group; a group keeps two members, with the reason shown.
func (s *Server) memberRemove(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	msg := "The member is removed from this chart. Their own chart is unchanged."
	if err := s.Clients.RemoveMember(r.Context(), p, r.PathValue("id"), r.PathValue("member")); err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		msg = firstMessage(f)
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, "/clients/"+r.PathValue("id"), http.StatusSeeOther)
	return nil
}

func (s *Server) renderMember(w http.ResponseWriter, r *http.Request, p model.Principal, f form, status int) error {
	v, err := s.Clients.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !v.IsGroup() {
		return model.ErrNotFound
	}
	if !v.CanChange {
		return model.ErrForbidden
	}
	pg, err := s.base(w, r, p, "Add a member", "clients")
	if err != nil {
		return err
	}
	rows := []personRow{{Form: f, Member: true}}
	if err := s.findResults(r.Context(), p, rows); err != nil {
		return err
	}
	s.render(w, r, status, "member_form", memberPage{page: pg, C: v, Row: rows[0]})
	return nil
}
