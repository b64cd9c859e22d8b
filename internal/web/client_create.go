package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"tend/internal/clients"
	"tend/internal/model"
)

type clientNewPage struct {
	page
	Kind         string // individual, minor or group
	Kinds        []kindChoice
	Form         form
	Rows         []personRow
	BillingTypes []model.BillingType // CL-9: chosen at creation
	Sexes        []string            // legal sex, needed with insurance (CL-6)
	Docs         []docBox            // a minor's: documents to send with the contacts' invitations (PT-2)
}

type kindChoice struct {
	Key, Label, Hint string
	Current          bool
}

// newClientKinds are the chart kinds the new-client page offers (issue 4, item 1).
func newClientKinds(current string) []kindChoice {
	out := []kindChoice{
		{"individual", "Individual", "One adult client.", false},
		{"minor", "Minor", "A child or teen, with at least one parent or guardian.", false},
		{"group", "Couple / Family / Conjoint", "One chart for two or more clients seen together.", false},
	}
	for i := range out {
		out[i].Current = out[i].Key == current
	}
	return out
}

func kindOf(s string) string {
	switch s {
	case "minor", "group":
		return s
	}
	return "individual"
}

// clientNewForm asks for what a new client needs: names (CL-1), plus a contact for a minor (MN-1) or a
// name and members for a group chart (GR-1).
func (s *Server) clientNewForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	kind := kindOf(r.URL.Query().Get("kind"))
	f := newForm()
	switch kind {
	case "minor":
		minorRowDefaults(f, "contacts.0.")
		f.Values["contacts.0.handles_billing"] = "on"
		f.Values["contacts_rows"] = "1"
	case "group":
		newRowDefaults(f, "members.0.", true)
		newRowDefaults(f, "members.1.", true)
		f.Values["members_rows"], f.Values["identified_patient"], f.Values["billing_contact"] = "2", "0", "0"
	}
	return s.renderNewClient(w, r, p, kind, f, http.StatusOK)
}

// clientCreate creates the client and opens their chart. The same form also adds, removes and searches
// rows of contacts or members (op), so it works without JavaScript; a refusal keeps what was typed.
func (s *Server) clientCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	kind := kindOf(r.PostFormValue("kind"))
	f := formFrom(r, "first_name", "last_name", "email", "name", "identified_patient", "billing_contact", "billing_type", "sex",
		"date_of_birth", "confirm_adult_minor")
	f.Values["template_ids"] = strings.Join(r.PostForm["template_id"], " ")
	group, least := "", 0
	switch kind {
	case "minor":
		group, least = "contacts", 1
	case "group":
		group, least = "members", 2
	}
	n := 0
	if group != "" {
		n = rowCount(r, group, least)
		copyRows(r, f, group, n)
	}
	op := r.PostFormValue("op")
	switch {
	case op == "add_row" && group != "":
		if n < maxRows {
			if kind == "minor" {
				minorRowDefaults(f, fmt.Sprintf("%s.%d.", group, n))
			} else {
				newRowDefaults(f, fmt.Sprintf("%s.%d.", group, n), true)
			}
			n++
		}
		f.Values[group+"_rows"] = strconv.Itoa(n)
		return s.renderNewClient(w, r, p, kind, f, http.StatusOK)
	case strings.HasPrefix(op, "remove:") && group != "":
		if i, err := strconv.Atoi(strings.TrimPrefix(op, "remove:")); err == nil && i >= 0 && i < n && n > least {
			removeRow(f, group, i, n)
			n--
		}
		f.Values[group+"_rows"] = strconv.Itoa(n)
		return s.renderNewClient(w, r, p, kind, f, http.StatusOK)
	case strings.HasPrefix(op, "find:") && group != "":
		f.Values[group+"_rows"] = strconv.Itoa(n)
		return s.renderNewClient(w, r, p, kind, f, http.StatusOK)
	}
	if group != "" {
		f.Values[group+"_rows"] = strconv.Itoa(n)
	}
	first, last, email := f.Get("first_name"), f.Get("last_name"), f.Get("email")
	billing, sex := model.BillingType(f.Get("billing_type")), f.Get("sex")
	ch := model.ClientChange{FirstName: &first, LastName: &last, Email: &email, ConfirmDistinctEmail: f.Distinct("email"),
		BillingType: &billing, Sex: &sex}
	if kind == "minor" {
		dob := f.Get("date_of_birth")
		ch.DateOfBirth, ch.ConfirmAdultMinor = &dob, f.Get("confirm_adult_minor") == "on"
	}
	var c model.Client
	var err error
	missing := false
	for i := range n {
		missing = noneChosen(&f, fmt.Sprintf("%s.%d.", group, i), kind == "group") || missing
	}
	switch {
	case missing:
		f.Message = "Choose each existing person from the search results, or switch that row to a new person."
		return s.renderNewClient(w, r, p, kind, f, http.StatusUnprocessableEntity)
	case kind == "minor":
		contacts := make([]model.ContactInput, n)
		for i := range n {
			contacts[i] = contactInput(f, fmt.Sprintf("contacts.%d.", i))
		}
		c, err = s.Clients.CreateMinor(r.Context(), p, ch, contacts, r.PostForm["template_id"]...)
	case kind == "group":
		name := f.Get("name")
		in := clients.GroupInput{Change: model.ClientChange{GroupName: &name, BillingType: &billing}}
		ip, _ := strconv.Atoi(f.Get("identified_patient"))
		bc, _ := strconv.Atoi(f.Get("billing_contact"))
		for i := range n {
			m := memberInput(f, fmt.Sprintf("members.%d.", i))
			m.IdentifiedPatient, m.BillingContact = i == ip, i == bc
			in.Members = append(in.Members, m)
		}
		c, err = s.Clients.CreateGroup(r.Context(), p, in)
	default:
		c, err = s.Clients.Create(r.Context(), p, ch)
	}
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		return s.renderNewClient(w, r, p, kind, f, http.StatusUnprocessableEntity)
	}
	msg := "The client is created. Finish their setup now or later; nothing here is required."
	if kind == "group" {
		msg = "The chart is created. Each member's details live on their own chart: open them from here."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, "/clients/"+c.ID, http.StatusSeeOther)
	return nil
}

func (s *Server) renderNewClient(w http.ResponseWriter, r *http.Request, p model.Principal, kind string, f form, status int) error {
	pg, err := s.base(w, r, p, "New client", "clients")
	if err != nil {
		return err
	}
	data := clientNewPage{page: pg, Kind: kind, Kinds: newClientKinds(kind), Form: f, BillingTypes: model.BillingTypes(), Sexes: model.Sexes()}
	group := map[string]string{"minor": "contacts", "group": "members"}[kind]
	if kind == "minor" {
		if data.Docs, err = s.docBoxes(r, p, pg, strings.Fields(f.Get("template_ids"))); err != nil {
			return err
		}
	}
	if group != "" {
		n, _ := strconv.Atoi(f.Values[group+"_rows"])
		least := map[string]int{"contacts": 1, "members": 2}[group]
		for i := range n {
			data.Rows = append(data.Rows, personRow{Prefix: fmt.Sprintf("%s.%d.", group, i), Index: i, Member: kind == "group",
				Form: f, Removable: n > least, AllFlags: kind == "minor", Invitable: kind == "minor"})
		}
		if err := s.findResults(r.Context(), p, data.Rows); err != nil {
			return err
		}
	}
	s.render(w, r, status, "client_new", data)
	return nil
}

// minorRowDefaults fills a new parent or guardian row of a minor's form: a new person who gets reminders,
// may sign the child's documents and see their appointments (the usual for a parent; untick otherwise).
func minorRowDefaults(f form, prefix string) {
	newRowDefaults(f, prefix, false)
	f.Values[prefix+"may_sign"] = "on"
	f.Values[prefix+"sees_appointments"] = "on"
}
