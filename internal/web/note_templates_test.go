package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// Issue 14, item 3 (NT-1): a practice builds its own note template in the form builder. A field that
// makes no sense in a note is refused next to it with what was typed kept; the template is listed under
// its own heading, never offered where client documents are, and is offered by the Notes tab after the
// built-ins; a note made from it shows its sections with their help text.
func TestNoteTemplatePages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		if body := string(c.Get("/documents/new?kind=note").Body); !strings.Contains(body, `<option value="note" selected>Session note template</option>`) ||
			!strings.Contains(body, `<option value="paragraph" selected>`) {
			t.Fatal("the builder does not start a session note template")
		}
		form := url.Values{"fields_rows": {"2"}, "kind": {"note"}, "name": {"Family session"},
			"fields.0.kind": {"paragraph"}, "fields.0.label": {"Who attended"}, "fields.0.help": {"Names and roles, briefly"},
			"fields.1.kind": {"yesno"}, "fields.1.label": {"Safety plan reviewed"}, "op": {"save"}}
		r := c.Post("/documents/new", form)
		body := string(r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "holds only short and long text fields") ||
			!strings.Contains(body, `value="Safety plan reviewed"`) || !strings.Contains(body, `id="f-fields.1.kind-error"`) {
			t.Fatalf("a yes/no field in a note template: %d", r.StatusCode)
		}
		form.Set("op", "preview")
		if r := c.Post("/documents/new", form); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("the preview of a note template with a yes/no field: %d", r.StatusCode)
		}
		form.Set("fields.1.kind", "text")
		if body := string(c.Post("/documents/new", form).Body); !strings.Contains(body, "Preview: the sections of a new note") {
			t.Error("the preview does not say it shows a note's sections")
		}
		form.Set("op", "save")
		r = c.Post("/documents/new", form)
		m := templateURL.FindStringSubmatch(r.Header.Get("Location"))
		if r.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("save: %d %s", r.StatusCode, r.Body)
		}
		tplID := m[1]
		list := string(c.Get("/documents").Body)
		notesAt, tplAt := strings.Index(list, "Session note templates</h2>"), strings.Index(list, ">Family session</a>")
		if notesAt < 0 || tplAt < notesAt || strings.Index(list, "Client documents</h2>") > notesAt {
			t.Errorf("the library does not list the note template under its own heading (%d, %d)", notesAt, tplAt)
		}
		if page := string(c.Get("/documents/" + tplID).Body); !strings.Contains(page, "Session note template") || !strings.Contains(page, "never sent to clients") {
			t.Error("the template's page does not say what it is for")
		}

		var client struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Robin", "last_name": "Rivera", "email": "robin@example.net"}).JSON(t, &client)
		chart := "/clients/" + client.ID
		for _, page := range []string{chart + "/documents", chart + "?tab=portal", chart + "/setup/portal"} {
			r := c.Get(page)
			if r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), "Intake form") {
				t.Errorf("%s: %d, or it lists no client documents", page, r.StatusCode)
			}
			if strings.Contains(string(r.Body), tplID) || strings.Contains(string(r.Body), "Family session") {
				t.Errorf("%s offers the note template to the client", page)
			}
		}
		if r := c.Post(chart+"/documents", url.Values{"template_id": {tplID}, "op": {"save"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("requesting the note template from the client: %d", r.StatusCode)
		}

		tab := string(c.Get(chart + "?tab=notes").Body)
		free, own := strings.Index(tab, `<option value="free">Free text</option>`), strings.Index(tab, `<option value="`+tplID+`">Family session</option>`)
		if free < 0 || own < free {
			t.Fatalf("the Notes tab does not offer the template after the built-ins (%d, %d)", free, own)
		}
		r = c.Post(chart+"/notes", url.Values{"template": {tplID}})
		note := r.Header.Get("Location")
		if r.StatusCode != http.StatusSeeOther || !noteURL.MatchString(note) {
			t.Fatalf("new note: %d %q", r.StatusCode, note)
		}
		page := string(c.Get(note).Body)
		for _, want := range []string{"<h1>Family session note</h1>", `name="section.who_attended"`, `name="section.safety_plan_reviewed"`,
			`id="f-section.who_attended-hint">Names and roles, briefly</p>`} {
			if !strings.Contains(page, want) {
				t.Errorf("the draft lacks %q", want)
			}
		}
		if r := c.Post(note+"/sign", url.Values{"service_date": {"2026-03-02"}, "duration_minutes": {"60"}, "service_type": {""}, "mood": {""},
			"section.who_attended": {"Both parents."}, "section.safety_plan_reviewed": {"Yes."}, "full_name": {"Olivia Owner"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign: %d %s", r.StatusCode, r.Body)
		}
		c.Post("/documents/"+tplID+"/archive", nil)
		page = string(c.Get(note).Body)
		for _, want := range []string{"<h3>Who attended</h3>", "Both parents.", "Content fingerprint (SHA-256)"} {
			if !strings.Contains(page, want) {
				t.Errorf("the signed note of an archived template lacks %q", want)
			}
		}
		if strings.Contains(string(c.Get(chart+"?tab=notes").Body), `<option value="`+tplID+`">`) {
			t.Error("the Notes tab still offers an archived template")
		}
	})
}
