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
// Proves DC-1.
func TestTemplatePages(t *testing.T) {
	t.Parallel()
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

// Issue 6, items 3, 4 and 5 through the pages, without JavaScript: Manage documentation's tick list,
// Continue, Save & send notification; the portal's to-do list, progress kept, a refused submit keeping the
// answers, scoring, signing; the staff view, Needs attention and Mark reviewed.
// Proves DC-2, DC-4, DC-5, DC-6, DC-7, PT-9.
func TestDocumentPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		ada := chartID(t, c.Post("/clients/new", url.Values{"kind": {"individual"}, "first_name": {"Ada"}, "last_name": {"Lovelace"}}))
		m := personField.FindStringSubmatch(string(c.Get("/clients/" + ada + "?tab=portal").Body))
		c.Post("/clients/"+ada+"/portal/invite", url.Values{"person_id": {m[1]}, "email": {"ada@example.net"}, "features": {"documents"}})
		h.RunJobs()
		p := h.Client()
		p.Post("/portal/register", url.Values{"token": {portalInvite.FindStringSubmatch(srv.Text(t, 0))[1]},
			"password": {apptest.StrongPassword}, "password_again": {apptest.StrongPassword}})

		manage := string(c.Get("/clients/" + ada + "/documents").Body)
		ids := map[string]string{}
		for _, mm := range regexp.MustCompile(`name="template_id" value="([0-9a-f-]{36})"> ([^<]+?) <`).FindAllStringSubmatch(manage, -1) {
			ids[mm[2]] = mm[1]
		}
		phq, consent := ids["PHQ-9 (depression)"], ids["Consent to treatment"]
		if phq == "" || consent == "" {
			t.Fatalf("the tick list lacks the built-ins: %v", ids)
		}
		picked := url.Values{"template_id": {phq, consent}, "op": {"continue"}}
		if body := string(c.Post("/clients/"+ada+"/documents", picked).Body); !strings.Contains(body, "To request") || !strings.Contains(body, "Save &amp; send notification") {
			t.Fatal("Continue does not show what will be requested")
		}
		picked.Set("op", "save_notify")
		if r := c.Post("/clients/"+ada+"/documents", picked); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %s", r.StatusCode, r.Body)
		}
		h.RunJobs()
		if s := srv.Subject(t, len(srv.Messages())-1); !strings.Contains(s, "A document is waiting") {
			t.Fatalf("notification subject %q", s)
		}
		tab := string(c.Get("/clients/" + ada + "?tab=portal").Body)
		if !strings.Contains(tab, "PHQ-9 (depression)") || !strings.Contains(tab, "Requested") || !strings.Contains(tab, ">Sent<") {
			t.Fatal("the Portal tab does not list the requests with their delivery")
		}

		home := p.Get(p.Get("/portal").Header.Get("Location"))
		docs := regexp.MustCompile(`href="/portal/d/([0-9a-f-]{36})">([^<]+)</a>`).FindAllStringSubmatch(string(home.Body), -1)
		if len(docs) != 2 {
			t.Fatalf("to do now lists %d documents", len(docs))
		}
		reqs := map[string]string{}
		for _, dd := range docs {
			reqs[strings.SplitN(dd[2], " — ", 2)[0]] = dd[1]
		}
		// Progress is kept; a submit with a missing answer comes back with the answers typed so far.
		form := url.Values{"a.item1": {"Several days"}, "op": {"save"}}
		if r := p.Post("/portal/d/"+reqs["PHQ-9 (depression)"], form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save progress: %d %s", r.StatusCode, r.Body)
		}
		if page := string(p.Get("/portal/d/" + reqs["PHQ-9 (depression)"]).Body); !strings.Contains(page, `value="Several days" checked`) {
			t.Fatal("saved progress is not shown")
		}
		form.Set("op", "submit")
		form.Set("a.item2", "Nearly every day")
		r := p.Post("/portal/d/"+reqs["PHQ-9 (depression)"], form)
		if body := string(r.Body); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "it is required") || !strings.Contains(body, `value="Nearly every day" checked`) {
			t.Fatalf("incomplete submit: %d", r.StatusCode)
		}
		for i := 3; i <= 9; i++ {
			form.Set("a.item"+string(rune('0'+i)), "Not at all")
		}
		form.Set("a.item9", "More than half the days")
		if body := string(p.Post("/portal/d/"+reqs["PHQ-9 (depression)"], form).Body); !strings.Contains(body, "is completed") || strings.Contains(body, `name="a.item1"`) {
			t.Fatal("submit did not complete the document, or it stayed editable")
		}
		sign := url.Values{"a.services": {"yes"}, "a.confidentiality": {"yes"}, "a.records": {"yes"},
			"full_name": {"Ada Lovelace"}, "op": {"sign"}}
		if r := p.Post("/portal/d/"+reqs["Consent to treatment"], sign); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "Confirm that typing your name") {
			t.Fatalf("sign without confirming: %d", r.StatusCode)
		}
		sign.Set("confirm", "on")
		if body := string(p.Post("/portal/d/"+reqs["Consent to treatment"], sign).Body); !strings.Contains(body, "is signed") || !strings.Contains(body, "SHA-256") {
			t.Fatal("signing failed")
		}

		// Staff: Home lists both, the flagged one first and apart; view and mark reviewed.
		dash := string(c.Get("/").Body)
		flagged, review := strings.Index(dash, `id="h-flagged"`), strings.Index(dash, `id="h-review"`)
		if flagged < 0 || review < flagged || !strings.Contains(dash[flagged:review], "PHQ-9") || !strings.Contains(dash[review:], "Consent to treatment") {
			t.Fatal("Home does not list the flagged document first, apart from the others to review")
		}
		view := string(c.Get("/clients/" + ada + "/documents/" + reqs["PHQ-9 (depression)"]).Body)
		if !strings.Contains(view, "Moderate") && !strings.Contains(view, "Mild") || !strings.Contains(view, "Item 9") {
			t.Fatal("the staff view lacks the score or the flag")
		}
		if r := c.Post("/clients/"+ada+"/documents/"+reqs["PHQ-9 (depression)"]+"/review", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("review: %d", r.StatusCode)
		}
		if dash := string(c.Get("/").Body); strings.Contains(dash, `id="h-flagged"`) {
			t.Fatal("a reviewed document is still flagged on Home")
		}
		if tab := string(c.Get("/clients/" + ada + "?tab=portal").Body); !strings.Contains(tab, "score-chart") {
			t.Fatal("no score chart on the chart")
		}
	})
}
