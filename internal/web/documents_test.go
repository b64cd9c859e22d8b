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

var templateURL = regexp.MustCompile(`^/documents/([0-9a-f-]{36})$`)

// Issue 6, items 1 and 2 through the pages, without JavaScript: the library with its built-ins, the
// preview, the builder's buttons keeping what was typed, bad templates refused next to the row at fault,
// a new version on edit, archive.
func TestTemplatePages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		list := string(c.Get("/documents").Body)
		for _, want := range []string{"Intake form", "Consent to treatment", "Release of information", "PHQ-9", "GAD-7", "New template"} {
			if !strings.Contains(list, want) {
				t.Fatalf("the library lacks %q", want)
			}
		}
		phq := regexp.MustCompile(`href="(/documents/[0-9a-f-]{36})">PHQ-9`).FindStringSubmatch(list)
		page := string(c.Get(phq[1]).Body)
		if !strings.Contains(page, "Little interest or pleasure in doing things") || !strings.Contains(page, `type="radio" name="a.item1" value="Not at all" disabled`) {
			t.Fatal("the PHQ-9 preview is missing or not as the client sees it")
		}
		form := url.Values{"fields_rows": {"1"}, "kind": {"questionnaire"}, "name": {"Sleep diary"},
			"fields.0.kind": {"number"}, "fields.0.label": {"Hours slept"}, "op": {"add"}}
		r := c.Post("/documents/new", form)
		if body := string(r.Body); r.StatusCode != 200 || !strings.Contains(body, `name="fields.1.label"`) || !strings.Contains(body, `value="Hours slept"`) {
			t.Fatalf("add a question: %d", r.StatusCode)
		}
		form.Set("fields_rows", "2")
		form.Set("fields.1.kind", "single")
		form.Set("fields.1.label", "How was your sleep?")
		form.Set("op", "save")
		r = c.Post("/documents/new", form)
		if body := string(r.Body); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "at least two options") || !strings.Contains(body, `value="Sleep diary"`) {
			t.Fatalf("choice without options: %d", r.StatusCode)
		}
		form.Set("fields.1.options", "Good\nPoor\n")
		form.Set("fields.0.id", "hours")
		form.Set("fields.1.id", "hours")
		if body := string(c.Post("/documents/new", form).Body); !strings.Contains(body, "already uses the id") {
			t.Fatal("duplicate ids were not refused on the row")
		}
		form.Set("fields.1.id", "")
		form.Set("op", "up:1")
		if body := string(c.Post("/documents/new", form).Body); strings.Index(body, "How was your sleep?") > strings.Index(body, "Hours slept") {
			t.Fatal("move up did not move the question")
		}
		form.Set("op", "preview")
		if body := string(c.Post("/documents/new", form).Body); !strings.Contains(body, "Preview: what the client sees") || !strings.Contains(body, `value="Poor" disabled`) {
			t.Fatal("no preview")
		}
		form.Set("op", "save")
		r = c.Post("/documents/new", form)
		m := templateURL.FindStringSubmatch(r.Header.Get("Location"))
		if r.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("save: %d %s", r.StatusCode, r.Body)
		}
		page = string(c.Get("/documents/" + m[1]).Body)
		if !strings.Contains(page, "version 1") || !strings.Contains(page, `name="a.how_was_your_sleep"`) {
			t.Fatalf("the saved template: %s", page)
		}
		edit := string(c.Get("/documents/" + m[1] + "/edit").Body)
		if !strings.Contains(edit, `value="how_was_your_sleep"`) {
			t.Fatal("the edit form does not keep the answer key")
		}
		form.Set("fields.0.id", "how_was_your_sleep")
		form.Set("fields.1.label", "Hours slept last night")
		if r := c.Post("/documents/"+m[1]+"/edit", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", r.StatusCode, r.Body)
		}
		if page := string(c.Get("/documents/" + m[1]).Body); !strings.Contains(page, "version 2") {
			t.Fatal("editing the questions did not make version 2")
		}
		c.Post("/documents/"+m[1]+"/archive", nil)
		if list := string(c.Get("/documents").Body); strings.Contains(list, "Sleep diary") {
			t.Fatal("an archived template is still listed")
		}
		if list := string(c.Get("/documents?archived=1").Body); !strings.Contains(list, "Sleep diary") {
			t.Fatal("the archived template is not listed with archived ones")
		}
	})
}
