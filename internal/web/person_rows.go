package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"tend/internal/model"
)

// personRow is one "new or existing person" block of a form: a contact to add (relationship and flags)
// or a group member (reminders, questionnaires, roles).
type personRow struct {
	Prefix    string // field-name prefix: "contacts.0.", "members.1." or ""
	Index     int
	Member    bool
	AllFlags  bool // every contact flag (CT-2), not only those a new minor's form asks (MN-2)
	Invitable bool // offers "Invite to the client portal now" (a new minor's contacts: MN-3, CT-4)
	Form      form
	Results   []model.Person
	Searched  bool
	Removable bool
}

// Mode is "existing" when the person is chosen among people already in the practice, else "new".
func (r personRow) Mode() string {
	if r.Form.Values[r.Prefix+"mode"] == "existing" {
		return "existing"
	}
	return "new"
}

// V is the value of one of the row's fields.
func (r personRow) V(name string) string { return r.Form.Values[r.Prefix+name] }

// E is the message for one of the row's fields.
func (r personRow) E(name string) string { return r.Form.Errors[r.Prefix+name] }

// F renders one of the row's text fields.
func (r personRow) F(name, label, typ string) fieldView {
	return newField(r.Form, r.Prefix+name, label, typ, "off")
}

// Checked reports whether a checkbox of the row is ticked.
func (r personRow) Checked(name string) bool { return r.Form.Values[r.Prefix+name] == "on" }

// flagBox is one contact flag's checkbox, with what it does (CT-2).
type flagBox struct {
	Name, Label, Hint string
	Checked           bool
}

// contactFlags are the flags' form names and labels, in display order; the first two are MN-2's.
var contactFlags = [][2]string{{"handles_billing", "Billing contact"}, {"receives_reminders", "Receives appointment reminders"},
	{"may_sign", "May sign documents"}, {"sees_appointments", "May see upcoming appointments"}, {"emergency", "Emergency contact"}}

// Flags are the row's flag checkboxes: MN-2's two, or every one (CT-2) with AllFlags.
func (r personRow) Flags() []flagBox {
	n := len(contactFlags)
	if !r.AllFlags {
		n = 2
	}
	out := make([]flagBox, 0, n)
	for _, f := range contactFlags[:n] {
		out = append(out, flagBox{Name: f[0], Label: f[1], Hint: model.FlagMeaning(f[0]), Checked: r.Checked(f[0])})
	}
	return out
}

// Relationships are the choices of the relationship select.
func (r personRow) Relationships() []model.Relationship { return model.Relationships() }

// rowFields are the fields a person row submits.
var rowFields = []string{"mode", "find", "person_id", "client_id", "first_name", "last_name", "email", "email_distinct", "phone",
	"relationship", "relationship_other", "handles_billing", "may_sign", "receives_reminders", "sees_appointments",
	"emergency", "receives_bridging", "invite"}

// maxRows bounds the rows one form may hold.
const maxRows = 12

// rowCount reads how many rows of a group the form holds, between min and maxRows.
func rowCount(r *http.Request, name string, least int) int {
	n, err := strconv.Atoi(r.PostFormValue(name + "_rows"))
	if err != nil || n < least {
		return least
	}
	return min(n, maxRows)
}

// copyRows copies the submitted fields of n rows of a group ("contacts", "members") into f.
func copyRows(r *http.Request, f form, group string, n int) {
	for i := range n {
		for _, k := range rowFields {
			key := fmt.Sprintf("%s.%d.%s", group, i, k)
			f.Values[key] = r.PostFormValue(key)
		}
	}
}

// newRowDefaults fills a fresh row: a new person who receives reminders (and questionnaires, for a member).
func newRowDefaults(f form, prefix string, member bool) {
	f.Values[prefix+"mode"] = "new"
	f.Values[prefix+"receives_reminders"] = "on"
	if member {
		f.Values[prefix+"receives_bridging"] = "on"
	}
}

// removeRow drops row i of a group of n rows, moving the later rows up.
func removeRow(f form, group string, i, n int) {
	for j := i; j < n-1; j++ {
		for _, k := range rowFields {
			f.Values[fmt.Sprintf("%s.%d.%s", group, j, k)] = f.Values[fmt.Sprintf("%s.%d.%s", group, j+1, k)]
		}
	}
	for _, k := range rowFields {
		delete(f.Values, fmt.Sprintf("%s.%d.%s", group, n-1, k))
	}
	for _, role := range []string{"identified_patient", "billing_contact"} {
		if v, err := strconv.Atoi(f.Values[role]); err == nil && v >= i {
			f.Values[role] = strconv.Itoa(max(v-1, 0))
		}
	}
}

// contactInput reads a row as a contact to add.
func contactInput(f form, prefix string) model.ContactInput {
	v := func(k string) string { return f.Values[prefix+k] }
	on := func(k string) bool { return v(k) == "on" }
	in := model.ContactInput{Relationship: model.Relationship(v("relationship")), RelationshipOther: v("relationship_other"),
		ContactFlags: model.ContactFlags{HandlesBilling: on("handles_billing"), MaySign: on("may_sign"), Reminders: on("receives_reminders"),
			SeesAppointments: on("sees_appointments"), Emergency: on("emergency")}, Invite: on("invite")}
	if v("mode") == "existing" {
		in.PersonID = v("person_id")
		return in
	}
	in.New = model.NewPerson{FirstName: v("first_name"), LastName: v("last_name"), Email: v("email"), Phone: v("phone"),
		ConfirmDistinctEmail: v("email_distinct") == "on"}
	return in
}

// memberInput reads a row as a member to add.
func memberInput(f form, prefix string) model.MemberInput {
	v := func(k string) string { return f.Values[prefix+k] }
	in := model.MemberInput{Reminders: v("receives_reminders") == "on", Bridging: v("receives_bridging") == "on"}
	if v("mode") == "existing" {
		in.ClientID = v("client_id")
		return in
	}
	in.New = model.NewPerson{FirstName: v("first_name"), LastName: v("last_name"), Email: v("email"), Phone: v("phone"),
		ConfirmDistinctEmail: v("email_distinct") == "on"}
	return in
}

// noneChosen adds a message when a row is set to an existing person but nobody was chosen; the use
// case is not called then, since the row would read as a new person without a name.
func noneChosen(f *form, prefix string, member bool) bool {
	key, msg := prefix+"person_id", "Find the person and choose them from the results, or switch to a new person."
	if member {
		key, msg = prefix+"client_id", "Find the client and choose them from the results, or switch to a new client."
	}
	if f.Values[prefix+"mode"] == "existing" && f.Values[key] == "" {
		f.Errors[key] = msg
		return true
	}
	return false
}

// findResults runs the people search of every existing-person row that has a search, so the page
// shows the matches again (with the chosen one ticked).
func (s *Server) findResults(ctx context.Context, p model.Principal, rows []personRow) error {
	for i := range rows {
		q := strings.TrimSpace(rows[i].V("find"))
		if rows[i].Mode() != "existing" || q == "" {
			continue
		}
		found, err := s.Clients.FindPeople(ctx, p, q)
		if err != nil {
			return err
		}
		if rows[i].Member {
			// Only a person's own chart can be a member.
			kept := found[:0]
			for _, x := range found {
				if x.ChartID != "" && x.ChartKind != model.KindGroup {
					kept = append(kept, x)
				}
			}
			found = kept
		}
		rows[i].Results, rows[i].Searched = found, true
	}
	return nil
}
