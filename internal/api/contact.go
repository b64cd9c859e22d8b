package api

import (
	"fmt"
	"net/http"

	"tend/internal/clients"
	"tend/internal/model"
)

// contactJSON is a contact of a chart (CT-1, CT-2).
type contactJSON struct {
	ID                string  `json:"id"`
	PersonID          string  `json:"person_id"`
	ClientID          *string `json:"client_id"` // the person's own chart when they are also a client
	FirstName         string  `json:"first_name"`
	LastName          string  `json:"last_name"`
	Email             string  `json:"email"`
	Phone             string  `json:"phone"`
	Relationship      string  `json:"relationship"`
	RelationshipOther string  `json:"relationship_other"`
	HandlesBilling    bool    `json:"handles_billing"`
	MaySign           bool    `json:"may_sign"`
	ReceivesReminders bool    `json:"receives_reminders"`
	SeesAppointments  bool    `json:"sees_appointments"`
	Emergency         bool    `json:"emergency"`
}

func toContact(c model.Contact) contactJSON {
	p := c.Person
	return contactJSON{c.ID, p.ID, optional(p.ChartID), p.FirstName, p.LastName, p.Email, p.Phone, string(c.Relationship),
		c.RelationshipOther, c.HandlesBilling, c.MaySign, c.Reminders, c.SeesAppointments, c.Emergency}
}

// contactRequest adds a contact: person_id for an existing person, or the new person's names. On
// PATCH, absent fields stay as they are.
type contactRequest struct {
	PersonID             *string `json:"person_id"`
	FirstName            *string `json:"first_name"`
	LastName             *string `json:"last_name"`
	Email                *string `json:"email"`
	Phone                *string `json:"phone"`
	Relationship         *string `json:"relationship"`
	RelationshipOther    *string `json:"relationship_other"`
	HandlesBilling       *bool   `json:"handles_billing"`
	MaySign              *bool   `json:"may_sign"`
	ReceivesReminders    *bool   `json:"receives_reminders"`
	SeesAppointments     *bool   `json:"sees_appointments"`
	Emergency            *bool   `json:"emergency"`
	ConfirmDistinctEmail bool    `json:"confirm_distinct_email"` // go ahead with an email that looks like another record's
	// Invite enrols the contact in the portal with the permissions their flags give, when a minor is
	// created with them (MN-3, CT-4); elsewhere use POST …/contacts/{contact_id}/enroll.
	Invite *bool `json:"invite"`
}

func val[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// input reads a contact to add; prefix names the fields in problems ("contacts.0.").
func (in contactRequest) input(prefix string, problems model.Problems) model.ContactInput {
	out := model.ContactInput{PersonID: val(in.PersonID), Relationship: model.Relationship(val(in.Relationship)),
		RelationshipOther: val(in.RelationshipOther),
		ContactFlags: model.ContactFlags{HandlesBilling: val(in.HandlesBilling), MaySign: val(in.MaySign),
			Reminders: val(in.ReceivesReminders), SeesAppointments: val(in.SeesAppointments), Emergency: val(in.Emergency)}}
	hasNew := in.FirstName != nil || in.LastName != nil || in.Email != nil || in.Phone != nil
	if out.PersonID != "" && hasNew {
		problems.Add(prefix+"person_id", "Give either person_id for an existing person or the names of a new one, not both.")
	}
	out.New = model.NewPerson{FirstName: val(in.FirstName), LastName: val(in.LastName), Email: val(in.Email), Phone: val(in.Phone),
		ConfirmDistinctEmail: in.ConfirmDistinctEmail}
	out.Invite = val(in.Invite)
	return out
}

// listContacts lists a chart's contacts.
func (s *Server) listContacts(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	cs, err := s.Clients.Contacts(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := items[contactJSON]{Items: make([]contactJSON, 0, len(cs))}
	for _, c := range cs {
		out.Items = append(out.Items, toContact(c))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// addContact links a new or existing person to a chart.
func (s *Server) addContact(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in contactRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	problems := model.Problems{}
	ci := in.input("", problems)
	if in.Invite != nil {
		problems.Add("invite", "Enrol the contact afterwards with POST /api/v1/clients/{id}/contacts/{contact_id}/enroll.")
	}
	if err := problems.Err(); err != nil {
		return err
	}
	c, err := s.Clients.AddContact(r.Context(), p, r.PathValue("id"), ci)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/clients/%s/contacts/%s", r.PathValue("id"), c.ID))
	writeJSON(w, http.StatusCreated, toContact(c))
	return nil
}

// updateContact changes a contact's relationship and flags, and a contact-only person's details.
func (s *Server) updateContact(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in contactRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.PersonID != nil {
		return model.FieldError("person_id", "A contact's person cannot change: remove the contact and add the other person.")
	}
	if in.Invite != nil {
		return model.FieldError("invite", "Enrol the contact with POST /api/v1/clients/{id}/contacts/{contact_id}/enroll.")
	}
	cur, err := s.Clients.Contact(r.Context(), p, r.PathValue("id"), r.PathValue("contact_id"))
	if err != nil {
		return err
	}
	ch := s.contactChange(cur, in)
	c, err := s.Clients.UpdateContact(r.Context(), p, r.PathValue("id"), cur.ID, ch)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toContact(c))
	return nil
}

// contactChange merges a PATCH body into the contact's current values.
func (s *Server) contactChange(cur model.Contact, in contactRequest) clients.ContactChange {
	pick := func(v *bool, old bool) bool {
		if v == nil {
			return old
		}
		return *v
	}
	ch := clients.ContactChange{Relationship: cur.Relationship, RelationshipOther: cur.RelationshipOther,
		Flags: model.ContactFlags{HandlesBilling: pick(in.HandlesBilling, cur.HandlesBilling), MaySign: pick(in.MaySign, cur.MaySign),
			Reminders: pick(in.ReceivesReminders, cur.Reminders), SeesAppointments: pick(in.SeesAppointments, cur.SeesAppointments),
			Emergency: pick(in.Emergency, cur.Emergency)}}
	if in.Relationship != nil {
		ch.Relationship = model.Relationship(*in.Relationship)
	}
	if in.RelationshipOther != nil {
		ch.RelationshipOther = *in.RelationshipOther
	}
	if in.FirstName != nil || in.LastName != nil || in.Email != nil || in.Phone != nil {
		n := model.NewPerson{FirstName: cur.Person.FirstName, LastName: cur.Person.LastName, Email: cur.Person.Email, Phone: cur.Person.Phone,
			ConfirmDistinctEmail: in.ConfirmDistinctEmail}
		for dst, src := range map[*string]*string{&n.FirstName: in.FirstName, &n.LastName: in.LastName, &n.Email: in.Email, &n.Phone: in.Phone} {
			if src != nil {
				*dst = *src
			}
		}
		ch.Person = &n
	}
	return ch
}

// removeContact unlinks a contact from a chart.
func (s *Server) removeContact(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Clients.RemoveContact(r.Context(), p, r.PathValue("id"), r.PathValue("contact_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// personJSON is a person found to link as a contact or member.
type personJSON struct {
	ID        string  `json:"id"`
	FirstName string  `json:"first_name"`
	LastName  string  `json:"last_name"`
	Email     string  `json:"email"`
	Phone     string  `json:"phone"`
	ClientID  *string `json:"client_id"`
	Kind      *string `json:"kind"`
}

// findPeople finds people of the practice by any part of name, email or phone (?q=).
func (s *Server) findPeople(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	q := r.URL.Query().Get("q")
	if len(q) > 200 {
		return model.FieldError("q", "Search for at most 200 characters.")
	}
	found, err := s.Clients.FindPeople(r.Context(), p, q)
	if err != nil {
		return err
	}
	out := items[personJSON]{Items: make([]personJSON, 0, len(found))}
	for _, x := range found {
		out.Items = append(out.Items, personJSON{x.ID, x.FirstName, x.LastName, x.Email, x.Phone, optional(x.ChartID), optional(string(x.ChartKind))})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
