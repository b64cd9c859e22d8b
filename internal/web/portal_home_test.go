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

// section returns the part of a page from the heading with id to the end of its section.
func section(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no section %q on the page", id)
	}
	rest := page[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// Issue 13, items 12, 13 and 14 through the pages (PT-9, PT-11): the portal home shows "To do now" and
// "Completed", each finished document opens and downloads as a PDF; who opened my record is no longer
// on the home but its own page, linked from it, where the setup day reads as one line; the account is
// linked from the home; with two records the start page lists every record's documents.
func TestPortalHomeCompletedAndWhoOpened(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var ada, fam struct{ ID string }
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net"}).JSON(t, &ada)
		var acc struct{ ID string }
		c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{"documents"}}).JSON(t, &acc)
		h.RunJobs()
		p := h.Client()
		p.Post("/portal/register", url.Values{"token": {portalInvite.FindStringSubmatch(srv.Text(t, 0))[1]},
			"password": {apptest.StrongPassword}, "password_again": {apptest.StrongPassword}})
		var tl struct {
			Items []struct {
				ID         string `json:"id"`
				BuiltinKey string `json:"builtin"`
			} `json:"items"`
		}
		c.API("GET", "/api/v1/document-templates", nil).JSON(t, &tl)
		tpl := map[string]string{}
		for _, x := range tl.Items {
			tpl[x.BuiltinKey] = x.ID
		}
		var reqs struct {
			Items []struct {
				ID         string `json:"id"`
				TemplateID string `json:"template_id"`
			} `json:"items"`
		}
		c.API("PUT", "/api/v1/clients/"+ada.ID+"/documents", map[string]any{"template_ids": []string{tpl["phq9"], tpl["consent"]}}).JSON(t, &reqs)
		var phq string
		for _, r := range reqs.Items {
			if r.TemplateID == tpl["phq9"] {
				phq = r.ID
			}
		}

		r := p.Get("/portal")
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/portal/c/"+acc.ID {
			t.Fatalf("one record: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		home := string(p.Get("/portal/c/" + acc.ID).Body)
		if !strings.Contains(section(t, home, "h-done"), "Nothing completed yet") || strings.Count(section(t, home, "h-todo"), `href="/portal/d/`) != 2 {
			t.Fatalf("before anything is finished: two to do, none completed:\n%s", home)
		}
		form := url.Values{"op": {"submit"}}
		for i := 1; i <= 9; i++ {
			form.Set("a.item"+string(rune('0'+i)), "Not at all")
		}
		if body := string(p.Post("/portal/d/"+phq, form).Body); !strings.Contains(body, "is completed") {
			t.Fatal("the PHQ-9 was not completed")
		}

		home = string(p.Get("/portal/c/" + acc.ID).Body)
		done, todo := section(t, home, "h-done"), section(t, home, "h-todo")
		if !strings.Contains(done, `href="/portal/d/`+phq+`"`) || !strings.Contains(done, `href="/portal/d/`+phq+`/pdf"`) ||
			!strings.Contains(done, "completed 03/02/2026") || strings.Contains(todo, phq) {
			t.Fatalf("the finished PHQ-9 is not under Completed with its PDF:\n%s", done)
		}
		if page := string(p.Get("/portal/d/" + phq).Body); !strings.Contains(page, "Download PDF") {
			t.Fatal("the finished document does not open")
		}
		if r := p.Get("/portal/d/" + phq + "/pdf"); r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(r.Body), "%PDF-") {
			t.Fatalf("the PDF: %d %q", r.StatusCode, r.Header.Get("Content-Type"))
		}

		// Who opened: a link on the home, not a table of entries; its own page reads by day and role.
		if !strings.Contains(home, `href="/portal/c/`+acc.ID+`/opened">Who opened my record</a>`) || strings.Contains(home, "h-opened") ||
			!strings.Contains(home, `href="/portal/account">Your account</a>`) {
			t.Fatal("the home does not link to who opened my record and the account, or still lists the entries")
		}
		opened := string(p.Get("/portal/c/" + acc.ID + "/opened").Body)
		if !strings.Contains(opened, "<h1>Who opened my record</h1>") || !strings.Contains(opened, "The practice set up your record on 03/02/2026") ||
			strings.Contains(opened, "Olivia") {
			t.Fatalf("who opened page:\n%s", opened)
		}
		if list := opened[strings.Index(opened, `class="opened-list"`):]; strings.Count(list, "<li") != 1 {
			t.Fatalf("the setup day is %d lines, want one", strings.Count(list, "<li"))
		}

		// With a second record (Ada as a member of her family's chart), the start page lists both
		// records and every record's documents.
		c.API("POST", "/api/v1/clients", map[string]any{"kind": "group", "name": "Lovelace family",
			"members": []map[string]any{{"client_id": ada.ID}, {"first_name": "Byron", "last_name": "Lovelace"}}}).JSON(t, &fam)
		var member struct{ ID string }
		c.API("POST", "/api/v1/clients/"+fam.ID+"/invitations", map[string]any{"member_id": ada.ID, "features": []string{"documents"}}).JSON(t, &member)
		if r := p.Post("/portal/requests/"+member.ID+"/approve", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve: %d %s", r.StatusCode, r.Body)
		}
		start := string(p.Get("/portal").Body)
		if !strings.Contains(section(t, start, "h-done"), `href="/portal/d/`+phq+`/pdf"`) || !strings.Contains(section(t, start, "h-todo"), "Consent to treatment") {
			t.Fatal("the start page does not list every record's documents")
		}
		if !strings.Contains(start, `href="/portal/c/`+acc.ID+`/opened"`) || !strings.Contains(start, `href="/portal/c/`+member.ID+`/opened"`) {
			t.Fatal("the start page does not link to who opened each record")
		}
		if page := string(p.Get("/portal/c/" + member.ID + "/opened").Body); !strings.Contains(page, "Lovelace family&#39;s record") ||
			!strings.Contains(page, "set up the record") {
			t.Fatalf("a member's who opened page:\n%s", page)
		}
	})
}
