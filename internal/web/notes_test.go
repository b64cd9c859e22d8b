package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

var noteURL = regexp.MustCompile(`^/clients/[0-9a-f-]{36}/notes/[0-9a-f-]{36}$`)

// NT-1, NT-2 through the pages, without JavaScript: the Notes tab starts a SOAP note; a bad mood comes
// back next to its field with what was typed kept; autosave answers without a page; signing locks the
// note and shows the signature; an addendum follows.
func TestNotePages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var client struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Robin", "last_name": "Rivera"}).JSON(t, &client)
		tab := string(c.Get("/clients/" + client.ID + "?tab=notes").Body)
		for _, want := range []string{`aria-current="page">Notes`, "No session notes yet.", `<option value="soap">SOAP</option>`, "New note"} {
			if !strings.Contains(tab, want) {
				t.Fatalf("the Notes tab lacks %q", want)
			}
		}
		if r := c.Post("/clients/"+client.ID+"/notes", url.Values{"template": {"memo"}}); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(string(r.Body), "Choose a note template") {
			t.Errorf("unknown template: %d", r.StatusCode)
		}
		r := c.Post("/clients/"+client.ID+"/notes", url.Values{"template": {"soap"}})
		note := r.Header.Get("Location")
		if r.StatusCode != http.StatusSeeOther || !noteURL.MatchString(note) {
			t.Fatalf("new note: %d %q", r.StatusCode, note)
		}
		page := string(c.Get(note).Body)
		for _, want := range []string{`name="section.subjective"`, `name="section.plan"`, "data-autosave", "Sign note", `name="service_date"`} {
			if !strings.Contains(page, want) {
				t.Fatalf("the draft page lacks %q", want)
			}
		}
		form := url.Values{"service_date": {"2026-03-02"}, "duration_minutes": {"50"}, "service_type": {"Individual therapy"}, "mood": {"12"},
			"section.subjective": {"Feeling steadier."}, "section.objective": {""}, "section.assessment": {""}, "section.plan": {"Weekly."}, "op": {"save"}}
		r = c.Post(note, form)
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter a mood score from 0 to 10") || !strings.Contains(body, "Feeling steadier.") ||
			!strings.Contains(body, `value="12"`) {
			t.Fatalf("bad mood: %d", r.StatusCode)
		}
		form.Set("mood", "6")
		form.Set("op", "autosave")
		if r := c.Post(note, form); r.StatusCode != http.StatusNoContent {
			t.Fatalf("autosave: %d", r.StatusCode)
		}
		if r := c.Post(note+"/sign", url.Values{"full_name": {"Not Me"}}); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(string(r.Body), "Type your full name as it is on your account") {
			t.Fatalf("sign with another name: %d", r.StatusCode)
		}
		form.Set("full_name", "Olivia Owner")
		form.Del("op")
		if r := c.Post(note+"/sign", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign: %d %s", r.StatusCode, r.Body)
		}
		page = string(c.Get(note).Body)
		for _, want := range []string{"Signed by</dt><dd>Olivia Owner", "Content fingerprint (SHA-256)", "Feeling steadier.", "6 of 10", "Add an addendum"} {
			if !strings.Contains(page, want) {
				t.Errorf("the signed note lacks %q", want)
			}
		}
		if strings.Contains(page, `name="section.subjective"`) {
			t.Error("a signed note is still editable")
		}
		form.Set("section.subjective", "Changed.")
		form.Set("op", "save")
		if r := c.Post(note, form); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "signed and locked") {
			t.Errorf("editing a signed note: %d", r.StatusCode)
		}
		if r := c.Post(note+"/addenda", url.Values{"reason": {""}, "body": {"More."}}); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(string(r.Body), `value=""`) || !strings.Contains(string(r.Body), "More.") {
			t.Errorf("addendum without a reason: %d", r.StatusCode)
		}
		if r := c.Post(note+"/addenda", url.Values{"reason": {"Late information"}, "body": {"Started a journal."}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("addendum: %d", r.StatusCode)
		}
		if page := string(c.Get(note).Body); !strings.Contains(page, "Started a journal.") || !strings.Contains(page, "Reason: Late information") {
			t.Error("the addendum is not shown")
		}
		tab = string(c.Get("/clients/" + client.ID + "?tab=notes").Body)
		for _, want := range []string{"SOAP", "Individual therapy", "Signed", "6 <span", "mood-chart-title"} {
			if !strings.Contains(tab, want) {
				t.Errorf("the Notes tab lacks %q", want)
			}
		}
	})
}
