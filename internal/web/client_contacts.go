package web

import (
	"net/http"
	"strings"

	"tend/internal/clients"
	"tend/internal/model"
)

type contactPage struct {
	page
	C       clients.View
	Row     personRow
	Contact model.Contact // when editing
	Editing bool
	Return  string // "setup" when the page was opened from the setup wizard's contacts step
	Back    string // where saving or cancelling leads
}

// contactsReturn is where the contact pages were opened from: "setup" (the wizard) or "" (the chart).
func contactsReturn(r *http.Request) string {
	if r.FormValue("return") == "setup" {
		return "setup"
	}
	return ""
}

// contactsBack is the page to go back to after a contact is added, saved or removed: the wizard's
// contacts step when it was opened from there (issue 13, item 6), else the chart's contacts.
func contactsBack(chartID, ret string) string {
	if ret == "setup" {
		return "/clients/" + chartID + "/setup/contacts"
	}
	return "/clients/" + chartID + "?tab=details#contacts"
}

// contactNewForm offers to add a contact to a chart: a new person or one already in Tend (CT-1, CT-2).
func (s *Server) contactNewForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := newForm()
	newRowDefaults(f, "", false)
	return s.renderContact(w, r, p, f, model.Contact{}, false, http.StatusOK)
}

// contactCreate adds the contact, or runs the row's search (op=find:0) and shows the matches.
func (s *Server) contactCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, rowFields...)
	if strings.HasPrefix(r.PostFormValue("op"), "find:") {
		return s.renderContact(w, r, p, f, model.Contact{}, false, http.StatusOK)
	}
	if noneChosen(&f, "", false) {
		return s.renderContact(w, r, p, f, model.Contact{}, false, http.StatusUnprocessableEntity)
	}
	_, err := s.Clients.AddContact(r.Context(), p, r.PathValue("id"), contactInput(f, ""))
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		return s.renderContact(w, r, p, f, model.Contact{}, false, http.StatusUnprocessableEntity)
	}
	s.setFlash(w, "The contact is added.")
	http.Redirect(w, r, contactsBack(r.PathValue("id"), contactsReturn(r)), http.StatusSeeOther)
	return nil
}

// contactEditForm shows a contact's relationship and flags, and a contact-only person's details.
func (s *Server) contactEditForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	ct, err := s.Clients.Contact(r.Context(), p, r.PathValue("id"), r.PathValue("contact"))
	if err != nil {
		return err
	}
	f := newForm()
	on := func(k string, b bool) {
		if b {
			f.Values[k] = "on"
		}
	}
	f.Values["first_name"], f.Values["last_name"] = ct.Person.FirstName, ct.Person.LastName
	f.Values["email"], f.Values["phone"] = ct.Person.Email, ct.Person.Phone
	f.Values["relationship"], f.Values["relationship_other"] = string(ct.Relationship), ct.RelationshipOther
	on("handles_billing", ct.HandlesBilling)
	on("may_sign", ct.MaySign)
	on("receives_reminders", ct.Reminders)
	on("sees_appointments", ct.SeesAppointments)
	on("emergency", ct.Emergency)
	return s.renderContact(w, r, p, f, ct, true, http.StatusOK)
}

// contactEditSubmit saves a contact.
func (s *Server) contactEditSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	ct, err := s.Clients.Contact(r.Context(), p, r.PathValue("id"), r.PathValue("contact"))
	if err != nil {
		return err
	}
	f := formFrom(r, rowFields...)
	in := contactInput(f, "")
	ch := clients.ContactChange{Relationship: in.Relationship, RelationshipOther: in.RelationshipOther, Flags: in.ContactFlags}
	if ct.Person.ChartID == "" {
		ch.Person = &model.NewPerson{FirstName: f.Get("first_name"), LastName: f.Get("last_name"), Email: f.Get("email"), Phone: f.Get("phone"),
			ConfirmDistinctEmail: f.Distinct("email")}
	}
	if _, err := s.Clients.UpdateContact(r.Context(), p, r.PathValue("id"), ct.ID, ch); err != nil {
		if !validation(err, &f) {
			return err
		}
		return s.renderContact(w, r, p, f, ct, true, http.StatusUnprocessableEntity)
	}
	s.setFlash(w, "The contact is saved.")
	http.Redirect(w, r, contactsBack(r.PathValue("id"), contactsReturn(r)), http.StatusSeeOther)
	return nil
}

// contactRemove unlinks a contact; a minor's last contact stays, with the reason shown.
func (s *Server) contactRemove(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	err := s.Clients.RemoveContact(r.Context(), p, r.PathValue("id"), r.PathValue("contact"))
	if err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		s.setFlash(w, firstMessage(f))
	} else {
		s.setFlash(w, "The contact is removed from this chart.")
	}
	http.Redirect(w, r, contactsBack(r.PathValue("id"), contactsReturn(r)), http.StatusSeeOther)
	return nil
}

func (s *Server) renderContact(w http.ResponseWriter, r *http.Request, p model.Principal, f form, ct model.Contact, editing bool, status int) error {
	v, err := s.Clients.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !v.CanChange || v.IsGroup() {
		return model.ErrForbidden
	}
	title := "Add a contact"
	if editing {
		title = "Edit contact"
	}
	pg, err := s.base(w, r, p, title, "clients")
	if err != nil {
		return err
	}
	ret := contactsReturn(r)
	data := contactPage{page: pg, C: v, Row: personRow{Form: f, AllFlags: true}, Contact: ct, Editing: editing, Return: ret,
		Back: contactsBack(v.ID, ret)}
	rows := []personRow{data.Row}
	if err := s.findResults(r.Context(), p, rows); err != nil {
		return err
	}
	data.Row = rows[0]
	s.render(w, r, status, "contact_form", data)
	return nil
}
