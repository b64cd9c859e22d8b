package web_test

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Issue 12, item 4: on the new-client form, an email that looks like another client's address (all
// Cyrillic "рара" for "papa") comes back with a warning by the field naming that client, a link to their
// chart and a "This is a different address" box, keeping what was typed; ticking it creates the client.
// The same goes for a contact row and the staff form; an unrelated address, or a look-alike of another
// practice's client, goes straight through. Proves CL-2 and TR-3.
func TestConfusableEmailWarningOnForms(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		ctx := t.Context()
		first, last, email := "Pat", "Papa", "papa@example.org"
		pat, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
		if err != nil {
			t.Fatal(err)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		const cyrPapa = "\u0440\u0430\u0440\u0430@example.org"

		form := url.Values{"kind": {"individual"}, "first_name": {"Pax"}, "last_name": {"Cyr"}, "email": {cyrPapa}}
		r := c.Post("/clients/new", form)
		body := html.UnescapeString(string(r.Body))
		for _, want := range []string{`id="f-email-error"`, "looks like the email of client Pat Papa", `href="/clients/` + pat.ID + `"`,
			`name="email_distinct"`, `value="Pax"`, `value="` + cyrPapa + `"`, "This is a different address"} {
			if r.StatusCode != 422 || !strings.Contains(body, want) {
				t.Fatalf("a homoglyph email: %d, want 422 with %s:\n%s", r.StatusCode, want, body)
			}
		}
		// A minor's new contact (trimmed first): the box belongs to that row's email.
		minor := url.Values{"kind": {"minor"}, "first_name": {"Mia"}, "last_name": {"Minor"}, "contacts_rows": {"1"},
			"contacts.0.mode": {"new"}, "contacts.0.first_name": {"Rosa"}, "contacts.0.last_name": {"Cyr"},
			"contacts.0.email": {"\u0440\u0430\u0440\u0430@example.org "}, "contacts.0.relationship": {"parent"}}
		r = c.Post("/clients/new", minor)
		if body := html.UnescapeString(string(r.Body)); r.StatusCode != 422 || !strings.Contains(body, `name="contacts.0.email_distinct"`) ||
			!strings.Contains(body, `id="f-contacts.0.email-error"`) || !strings.Contains(body, `value="Rosa"`) {
			t.Fatalf("a contact row with a homoglyph email: %d:\n%s", r.StatusCode, body)
		}

		form.Set("email_distinct", "on")
		if r := c.Post("/clients/new", form); r.StatusCode != 303 {
			t.Fatalf("confirmed: %d %s", r.StatusCode, r.Body)
		}
		if r := c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Mo"}, "last_name": {"Mama"},
			"email": {"mama@example.org"}}); r.StatusCode != 303 {
			t.Fatalf("an unrelated email: %d", r.StatusCode)
		}

		// Staff.
		h.AddStaff(owner, "Paula Staff", "paula@example.org", model.RoleBilling)
		staff := url.Values{"name": {"Paula Other"}, "email": {"paula@examp1e.org"}, "role": {"admin"}, "signin": {"password"},
			"password": {"a long enough passphrase"}}
		r = c.Post("/settings/staff", staff)
		if body := string(r.Body); r.StatusCode != 422 || !strings.Contains(body, "staff member Paula Staff") || !strings.Contains(body, `name="email_distinct"`) {
			t.Fatalf("a staff email with a digit one for l: %d:\n%s", r.StatusCode, body)
		}
		staff.Set("email_distinct", "on")
		if r := c.Post("/settings/staff", staff); r.StatusCode != 303 {
			t.Fatalf("confirmed staff: %d", r.StatusCode)
		}

		// Another practice's clients never come into it.
		h.AddPractice("Elsewhere", "else@example.org")
		e := h.Client()
		e.Login("else@example.org", apptest.StrongPassword)
		if r := e.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Pat"}, "last_name": {"Cyr"},
			"email": {"\u0440\u0430\u0440\u0430@example.net"}}); r.StatusCode != 303 {
			t.Fatalf("first look-alike in another practice: %d", r.StatusCode)
		}
		if r := e.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Pat"}, "last_name": {"Latin"},
			"email": {"papa@example.org"}}); r.StatusCode != 303 || strings.Contains(string(r.Body), "Pat Papa") {
			t.Fatalf("the first practice's client warned another practice: %d %s", r.StatusCode, r.Body)
		}
	})
}
