package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// rowOf returns the table row of the client list that links to the chart.
func rowOf(t *testing.T, page, chartID string) string {
	t.Helper()
	for _, row := range strings.Split(page, "<tr>") {
		if strings.Contains(row, `href="/clients/`+chartID+`"`) {
			return row[:strings.Index(row, "</tr>")]
		}
	}
	t.Fatalf("no row for %s", chartID)
	return ""
}

var inlineScript = regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]|\son[a-z]+="`)

// LS-1, LS-3, LS-4 (issue 13, item 1) without JavaScript: each row's actions sit in a <details> menu with
// Open, Invite to portal, Deactivate, Archive and Delete, only those the person may take; a change of
// state from the menu returns to the list as it was (and only to the list); the column headings sort and
// say which way; no inline script, which the Content-Security-Policy would block.
func TestClientListMenuAndSorting(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		_, owner := h.Setup()
		sue := h.AddStaff(owner, "Sue Supervisor", "sue@example.org", model.RoleSupervisor)
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		if _, err := h.App.Accounts.UpdateStaff(ctx, apptest.As(owner), cal.ID, model.StaffChange{SupervisorID: &sue.ID}); err != nil {
			t.Fatal(err)
		}
		first, last, email := "Ana", "Lima", "ana@example.net"
		ana, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, Email: &email, AssignedClinicianID: &cal.ID})
		if err != nil {
			t.Fatal(err)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		r := c.Get("/clients?sort=-joined")
		page := string(r.Body)
		if r.StatusCode != 200 || inlineScript.MatchString(page) {
			t.Fatalf("client list: %d, inline script: %v", r.StatusCode, inlineScript.FindString(page))
		}
		row := rowOf(t, page, ana.ID)
		for _, want := range []string{`<details class="row-menu">`, ">Open<", "Invite to portal", `value="deactivate"`, `value="archive"`, "Delete…",
			`name="back" value="/clients?sort=-joined"`, "Setup incomplete"} {
			if !strings.Contains(row, want) {
				t.Errorf("Ana's row lacks %q", want)
			}
		}
		if !strings.Contains(page, `aria-sort="descending"><a href="/clients?sort=joined">Joined`) || !strings.Contains(page, `<a href="/clients?sort=status">Status</a>`) ||
			!strings.Contains(page, `<option value="-joined" selected>`) {
			t.Error("the headings do not sort, or do not say the current sort")
		}
		// Deactivating from the menu returns to the list as it was; anything but the list goes to the chart.
		for back, want := range map[string]string{
			"/clients?sort=-joined&status=active": "/clients?sort=-joined&status=active",
			"//evil.example/clients":              "/clients/" + ana.ID,
			"https://evil.example/clients?x=1":    "/clients/" + ana.ID,
			"/clients?x=1\r\nSet-Cookie: a=b":     "/clients/" + ana.ID,
		} {
			r := c.Post("/clients/"+ana.ID+"/state", url.Values{"action": {"deactivate"}, "back": {back}})
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != want {
				t.Errorf("deactivate with back %q: %d to %q, want %q", back, r.StatusCode, r.Header.Get("Location"), want)
			}
			c.Post("/clients/"+ana.ID+"/state", url.Values{"action": {"reactivate"}})
		}
		row = rowOf(t, string(c.Get("/clients?status=active").Body), ana.ID)
		if !strings.Contains(row, `value="deactivate"`) {
			t.Fatal("Ana is not back in care")
		}
		c.Post("/clients/"+ana.ID+"/state", url.Values{"action": {"deactivate"}})
		row = rowOf(t, string(c.Get("/clients?status=inactive").Body), ana.ID)
		if !strings.Contains(row, `value="reactivate"`) || strings.Contains(row, "Invite to portal") {
			t.Error("an inactive client's menu should offer Reactivate and no invitation")
		}
		c.Post("/clients/"+ana.ID+"/state", url.Values{"action": {"reactivate"}})

		// Sue reads her supervisee's chart only: her menu opens it and nothing else.
		s := h.Client()
		s.Login("sue@example.org", apptest.StrongPassword)
		s.API("POST", "/api/v1/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "supervisor passphrase here"})
		row = rowOf(t, string(s.Get("/clients").Body), ana.ID)
		if !strings.Contains(row, ">Open<") || strings.Contains(row, "Invite to portal") || strings.Contains(row, `name="action"`) || strings.Contains(row, "Delete…") {
			t.Errorf("a read-only row offers more than Open: %s", row)
		}
	})
}

// Issue 13, item 3: Home is a dashboard, not a notice of what is being built. Unfinished setups are paged
// (the page is in the address), and the three cards are there even when empty, each saying so.
func TestHomeDashboardPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		_, owner := h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		home := string(c.Get("/").Body)
		for _, want := range []string{"Documents to review", "Unfinished setups", "Portal invitations", "Nothing to review", "No invitation is waiting"} {
			if !strings.Contains(home, want) {
				t.Errorf("the empty home lacks %q", want)
			}
		}
		if strings.Contains(home, "being built") || inlineScript.MatchString(home) {
			t.Error("home still says features are being built, or has inline script")
		}
		for i := range 12 {
			first, last := "Client", "N"+string(rune('a'+i))
			if _, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last}); err != nil {
				t.Fatal(err)
			}
			h.Clock.Advance(1e9)
		}
		home = string(c.Get("/").Body)
		if !strings.Contains(home, "Client Na") || strings.Contains(home, "Client Nl") || !strings.Contains(home, `href="/?setups=2#setups"`) {
			t.Fatal("the first page of unfinished setups is not the ten oldest, or has no next page")
		}
		home = string(c.Get("/?setups=2").Body)
		if strings.Contains(home, "Client Na<") || !strings.Contains(home, "Client Nl") || !strings.Contains(home, "Page 2 of 2") {
			t.Fatal("the second page of unfinished setups")
		}
	})
}
