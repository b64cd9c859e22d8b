package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

func chartID(t *testing.T, r apptest.Response) string {
	t.Helper()
	m := chartURL.FindStringSubmatch(r.Header.Get("Location"))
	if r.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("want a redirect to a chart, got %d to %q: %s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	return m[1]
}

var radioValue = regexp.MustCompile(`name="([a-z._0-9]+(?:person_id|client_id))" value="([0-9a-f-]{36})"`)

// MN-1, MN-2, CT-1…CT-3, GR-1…GR-4 through the pages, without JavaScript.
func TestMinorAndGroupPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)

		// The new-client page offers the three kinds.
		page := string(c.Get("/clients/new").Body)
		for _, want := range []string{"Individual", "Minor", "Couple / Family / Conjoint"} {
			if !strings.Contains(page, want) {
				t.Errorf("new-client page lacks %q", want)
			}
		}
		// A minor without a contact: refused with a message, names kept.
		r := c.Post("/clients/new", url.Values{"kind": {"minor"}, "first_name": {"Mia"}, "last_name": {"Reyes"}, "contacts_rows": {"1"},
			"contacts.0.mode": {"new"}, "contacts.0.relationship": {"parent"}})
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-contacts.0.first_name-error"`) || !strings.Contains(body, `value="Mia"`) {
			t.Fatalf("minor without a contact's name: %d", r.StatusCode)
		}
		// Add a second row, then remove it: typed values stay.
		r = c.Post("/clients/new", url.Values{"kind": {"minor"}, "first_name": {"Mia"}, "last_name": {"Reyes"}, "contacts_rows": {"1"},
			"contacts.0.mode": {"new"}, "contacts.0.first_name": {"Rosa"}, "op": {"add_row"}})
		if body := string(r.Body); r.StatusCode != http.StatusOK || !strings.Contains(body, `name="contacts.1.first_name"`) || !strings.Contains(body, `value="Rosa"`) {
			t.Fatalf("add a contact row: %d", r.StatusCode)
		}
		mia := chartID(t, c.Post("/clients/new", url.Values{"kind": {"minor"}, "first_name": {"Mia"}, "last_name": {"Reyes"}, "contacts_rows": {"1"},
			"contacts.0.mode": {"new"}, "contacts.0.first_name": {"Rosa"}, "contacts.0.last_name": {"Reyes"}, "contacts.0.relationship": {"parent"},
			"contacts.0.handles_billing": {"on"}, "contacts.0.receives_reminders": {"on"}}))
		chart := string(c.Get("/clients/" + mia + "?tab=details").Body)
		for _, want := range []string{"Minor", "Rosa Reyes", "Parent", "Billing", "Reminders", "Add a contact"} {
			if !strings.Contains(chart, want) {
				t.Errorf("minor's chart lacks %q", want)
			}
		}
		// An existing person: searched, then chosen.
		r = c.Post("/clients/new", url.Values{"kind": {"minor"}, "first_name": {"Leo"}, "last_name": {"Reyes"}, "contacts_rows": {"1"},
			"contacts.0.mode": {"existing"}, "contacts.0.find": {"rosa"}, "op": {"find:0"}})
		m := radioValue.FindStringSubmatch(string(r.Body))
		if r.StatusCode != http.StatusOK || m == nil || m[1] != "contacts.0.person_id" {
			t.Fatalf("find Rosa: %d %v", r.StatusCode, m)
		}
		// Existing chosen but nobody ticked: a message, not a new nameless person.
		r = c.Post("/clients/new", url.Values{"kind": {"minor"}, "first_name": {"Leo"}, "last_name": {"Reyes"}, "contacts_rows": {"1"},
			"contacts.0.mode": {"existing"}, "contacts.0.find": {"rosa"}, "contacts.0.relationship": {"parent"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "choose them from the results") {
			t.Fatalf("existing without a choice: %d", r.StatusCode)
		}
		leo := chartID(t, c.Post("/clients/new", url.Values{"kind": {"minor"}, "first_name": {"Leo"}, "last_name": {"Reyes"}, "contacts_rows": {"1"},
			"contacts.0.mode": {"existing"}, "contacts.0.find": {"rosa"}, "contacts.0.person_id": {m[2]}, "contacts.0.relationship": {"parent"}}))
		if !strings.Contains(string(c.Get("/clients/"+leo+"?tab=details").Body), "Rosa Reyes") {
			t.Fatal("Leo's chart does not show Rosa")
		}

		// A family chart with one new and one existing member.
		ana := chartID(t, c.Post("/clients/new", url.Values{"first_name": {"Ana"}, "last_name": {"Lima"}}))
		r = c.Post("/clients/new", url.Values{"kind": {"group"}, "name": {"Lima family"}, "members_rows": {"2"},
			"members.0.mode": {"existing"}, "members.0.find": {"lima"}, "members.1.mode": {"new"}, "op": {"find:0"}})
		m = radioValue.FindStringSubmatch(string(r.Body))
		if m == nil || m[1] != "members.0.client_id" || m[2] != ana {
			t.Fatalf("find Ana as a member: %v", m)
		}
		// A group of one: refused.
		r = c.Post("/clients/new", url.Values{"kind": {"group"}, "name": {"Lima family"}, "members_rows": {"2"},
			"members.0.mode": {"existing"}, "members.0.client_id": {ana}, "members.1.mode": {"new"}, "members.1.first_name": {""}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-members.1.first_name-error"`) {
			t.Fatalf("group with an empty member: %d", r.StatusCode)
		}
		fam := chartID(t, c.Post("/clients/new", url.Values{"kind": {"group"}, "name": {"Lima family"}, "members_rows": {"2"},
			"members.0.mode": {"existing"}, "members.0.client_id": {ana}, "members.0.receives_reminders": {"on"},
			"members.1.mode": {"new"}, "members.1.first_name": {"Bruno"}, "members.1.last_name": {"Lima"},
			"identified_patient": {"1"}, "billing_contact": {"0"}}))
		chart = string(c.Get("/clients/" + fam).Body)
		for _, want := range []string{"Lima family", "Members", "Ana Lima", "Bruno Lima", "Identified patient", "Billing contact", "Make identified patient"} {
			if !strings.Contains(chart, want) {
				t.Errorf("family chart lacks %q", want)
			}
		}
		if strings.Contains(chart, `?tab=details"`) {
			t.Error("a family chart has a Details tab")
		}
		if !strings.Contains(string(c.Get("/clients/"+ana).Body), "Lima family") {
			t.Error("Ana's chart does not list her family chart")
		}
		// The list marks minors and groups; search finds the group by a member's name.
		list := string(c.Get("/clients?q=bruno&kind=group").Body)
		if !strings.Contains(list, "Lima family") || !strings.Contains(list, "Couple / family") {
			t.Error("the list does not find the family by a member's name")
		}
		if !strings.Contains(string(c.Get("/clients?q=mia").Body), "Minor") {
			t.Error("the list does not mark minors")
		}
		// The delete confirmation names every linked chart (CT-3).
		confirm := html.UnescapeString(string(c.Get("/clients/" + ana + "/delete").Body))
		if !strings.Contains(confirm, "Lima family") || !strings.Contains(confirm, "member of this") {
			t.Fatalf("delete confirmation does not name the family chart")
		}
		bulk := html.UnescapeString(string(c.Post("/clients/bulk", url.Values{"action": {"delete"}, "id": {ana, leo}}).Body))
		if !strings.Contains(bulk, "Lima family") || !strings.Contains(bulk, "linked to other charts") {
			t.Fatalf("bulk delete confirmation does not name the family chart")
		}
		if r := c.Post("/clients/"+ana+"/delete", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("delete: %d", r.StatusCode)
		}
		home := string(c.Get("/").Body)
		if !strings.Contains(home, "Lima family") || !strings.Contains(home, "fewer than two members") {
			t.Error("the family left with one member is not under Needs attention")
		}
	})
}
