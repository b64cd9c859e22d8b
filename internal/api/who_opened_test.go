package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/audit"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

type openedOut struct {
	ChartID string `json:"chart_id"`
	More    bool   `json:"more"`
	Days    []struct {
		Day   string `json:"day"`
		Lines []struct {
			Who     string `json:"who"`
			Views   int    `json:"views"`
			Changes int    `json:"changes"`
			Setup   bool   `json:"setup"`
			Summary string `json:"summary"`
		} `json:"lines"`
	} `json:"days"`
}

// Issue 13, item 13 (PT-11): who opened my record is grouped by day in the practice's time zone and by
// role, the chart's own clinician as "your clinician"; the practice's setup on the day the client was
// added reads as one line; the page is audited; no name appears.
func TestWhoOpenedByDayAndRole(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d) // the clock starts on 2 March 2026, 09:00 UTC: 03:00 in Chicago
		_, owner := h.Setup()
		srv := h.SMTP(t)
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		first, last, email := "Ada", "Lovelace", "ada@example.net"
		c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, Email: &email,
			AssignedClinicianID: &cal.ID})
		if err != nil {
			t.Fatal(err)
		}
		acc, err := h.App.Clients.Invite(ctx, apptest.As(owner), c.ID, clients.InviteInput{Features: []string{"documents"}})
		if err != nil {
			t.Fatal(err)
		}
		for range 4 {
			if _, err := h.App.Clients.Get(ctx, apptest.As(owner), c.ID); err != nil {
				t.Fatal(err)
			}
		}
		h.RunJobs()
		p := h.Client()
		if r := p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword}); r.StatusCode != 201 {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}

		// Two days later Cal reads the chart three times in the morning; late that evening in Chicago
		// (already the next day in UTC) the owner reads it once and changes it once.
		h.Clock.Advance(48 * time.Hour)
		for range 3 {
			if _, err := h.App.Clients.Get(ctx, apptest.As(cal), c.ID); err != nil {
				t.Fatal(err)
			}
		}
		h.Clock.Advance(19 * time.Hour) // 5 March 04:00 UTC, 4 March 22:00 in Chicago
		if _, err := h.App.Clients.Get(ctx, apptest.As(owner), c.ID); err != nil {
			t.Fatal(err)
		}
		pronouns := "she/her"
		if _, err := h.App.Clients.Update(ctx, apptest.As(owner), c.ID, model.ClientChange{Pronouns: &pronouns}, nil); err != nil {
			t.Fatal(err)
		}

		p = h.Client()
		if r := p.API("POST", "/api/v1/portal/login", map[string]string{"email": email, "password": apptest.StrongPassword}); r.StatusCode != 200 {
			t.Fatalf("portal login: %d %s", r.StatusCode, r.Body)
		}
		var got openedOut
		r := p.API("GET", "/api/v1/portal/charts/"+acc.ID+"/opened", nil)
		r.JSON(t, &got)
		if r.StatusCode != 200 {
			t.Fatalf("who opened: %d %s", r.StatusCode, r.Body)
		}
		type line struct {
			who, summary string
			setup        bool
		}
		want := []struct {
			day   string
			lines []line
		}{
			{"2026-03-04", []line{
				{"owner", "The practice owner viewed your record once and changed it once", false},
				{"your_clinician", "Your clinician viewed your record, 3 times", false},
			}},
			{"2026-03-02", []line{{"practice", "The practice set up your record", true}}},
		}
		if len(got.Days) != len(want) {
			t.Fatalf("days: %s", r.Body)
		}
		for i, wd := range want {
			gd := got.Days[i]
			if gd.Day != wd.day || len(gd.Lines) != len(wd.lines) {
				t.Fatalf("day %d = %s with %d lines, want %s with %d: %s", i, gd.Day, len(gd.Lines), wd.day, len(wd.lines), r.Body)
			}
			for j, wl := range wd.lines {
				gl := gd.Lines[j]
				if gl.Who != wl.who || gl.Summary != wl.summary || gl.Setup != wl.setup {
					t.Errorf("%s line %d = %+v, want %+v", wd.day, j, gl, wl)
				}
			}
		}
		for _, name := range []string{"Cal", "Olivia", "cal@example.org"} {
			if strings.Contains(strings.ToLower(string(r.Body)), strings.ToLower(name)) {
				t.Fatalf("who opened names %q: %s", name, r.Body)
			}
		}
		// Looking is itself audited, on the chart.
		res, err := h.App.Audit.Search(ctx, apptest.As(owner), audit.Query{Action: "portal.opened.view"})
		if err != nil || len(res.Events) != 1 || res.Events[0].ChartID != c.ID {
			t.Fatalf("audit of the look: %v %+v", err, res.Events)
		}
	})
}

// Issue 19, item 3: "who opened my record" no longer moves the audit spool inside the client's request
// (on SQLite, read events wait in a side file for a few seconds). It counts the events still waiting
// with those already in the log, each once: before the move, and after it.
// Proves PT-11.
func TestWhoOpenedCountsWaitingEventsOnce(t *testing.T) {
	t.Parallel()
	d := testdb.SQLite(t)
	ctx := context.Background()
	h := apptest.New(t, d)
	_, owner := h.Setup()
	srv := h.SMTP(t)
	first, last, email := "Ada", "Lovelace", "ada@example.net"
	c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := h.App.Clients.Invite(ctx, apptest.As(owner), c.ID, clients.InviteInput{Features: []string{"documents"}})
	if err != nil {
		t.Fatal(err)
	}
	h.RunJobs()
	p := h.Client()
	if r := p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword}); r.StatusCode != 201 {
		t.Fatalf("register: %d %s", r.StatusCode, r.Body)
	}
	h.Clock.Advance(48 * time.Hour)
	for range 3 {
		if _, err := h.App.Clients.Get(ctx, apptest.As(owner), c.ID); err != nil {
			t.Fatal(err)
		}
	}
	p = h.Client()
	if r := p.API("POST", "/api/v1/portal/login", map[string]string{"email": email, "password": apptest.StrongPassword}); r.StatusCode != 200 {
		t.Fatalf("portal login: %d %s", r.StatusCode, r.Body)
	}
	inLog := func() int {
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE chart_id = $1 AND action = 'chart.view' AND at > $2`,
			c.ID, h.Clock.Now().Add(-time.Hour).UnixMilli()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	views := func() string {
		var got openedOut
		r := p.API("GET", "/api/v1/portal/charts/"+acc.ID+"/opened", nil)
		r.JSON(t, &got)
		if r.StatusCode != 200 || len(got.Days) == 0 || len(got.Days[0].Lines) == 0 {
			t.Fatalf("who opened: %d %s", r.StatusCode, r.Body)
		}
		return got.Days[0].Lines[0].Summary
	}
	want := "Your clinician viewed your record, 3 times" // the owner made the chart, so it is theirs
	if got := views(); got != want {
		t.Fatalf("while the reads wait in the spool: %q, want %q", got, want)
	}
	if n := inLog(); n != 0 {
		t.Fatalf("%d reads moved into the log by the client's request, want 0 (they wait for the spool's mover)", n)
	}
	if _, err := h.App.Audit.Search(ctx, apptest.As(owner), audit.Query{Action: "chart.view"}); err != nil { // moves the spool
		t.Fatal(err)
	}
	if n := inLog(); n != 3 {
		t.Fatalf("%d reads in the log after the move, want 3", n)
	}
	if got := views(); got != want {
		t.Fatalf("after the move: %q, want %q", got, want)
	}
}
