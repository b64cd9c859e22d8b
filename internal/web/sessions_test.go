package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// staffPassword replaces a colleague's temporary password, so every page is open to them.
const staffPassword = "quarry lantern meadow thistle"

// Issue 16, item 8: the chart's Sessions tab lists its appointments newest first with date and time in
// the practice's format, service, status and the note of that day (none, draft, signed, late) with its
// mood; "Write note" on an attended session without a note opens the new-note form filled with its date,
// duration and service, and the note it starts carries them. Admins see note states but no mood and
// write nothing; billing staff see the appointments and nothing of notes. The Overview shows the next
// appointment, or says there is none. Proves NT-2, CL-10.
func TestSessionsTab(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		ctx, po := t.Context(), apptest.As(owner)
		for _, st := range []model.Staff{h.AddStaff(owner, "Ari Admin", "ari@example.org", model.RoleAdmin),
			h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)} {
			if err := h.App.Accounts.ChangePassword(ctx, apptest.As(st), apptest.StrongPassword, staffPassword, false); err != nil {
				t.Fatal(err)
			}
		}
		first, last := "Robin", "Rivera"
		c, err := h.App.Clients.Create(ctx, po, model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		name, code, mins := "Psychotherapy, 53 minutes", "90837", 53
		svc, err := h.App.Services.Create(ctx, po, model.ServiceInput{Name: &name, Code: &code, DurationMinutes: &mins})
		if err != nil {
			t.Fatal(err)
		}
		oc := h.Client()
		oc.Login("owner@example.org", apptest.StrongPassword)
		chart := "/clients/" + c.ID

		if page := string(oc.Get(chart).Body); !strings.Contains(page, "Next appointment") || !strings.Contains(page, "No upcoming appointment.") {
			t.Error("the Overview does not say there is no upcoming appointment")
		}

		book := func(start string, status model.AppointmentStatus) {
			t.Helper()
			b, err := h.App.Appointments.Book(ctx, po, appointments.BookInput{ChartIDs: []string{c.ID}, ServiceID: svc.ID, Start: start,
				LocationKind: model.LocationOffice, Location: "Room 2", ConfirmOverlap: true})
			if err != nil {
				t.Fatalf("book %s: %v", start, err)
			}
			if status != model.AppointmentScheduled {
				if _, err := h.App.Appointments.SetStatus(ctx, po, b.Appointments[0].ID, status, ""); err != nil {
					t.Fatalf("status %s: %v", status, err)
				}
			}
		}
		book("2026-02-09T10:00", model.AppointmentAttended) // a draft, late by now
		book("2026-02-16T10:00", model.AppointmentAttended) // signed, mood 7
		book("2026-02-23T10:00", model.AppointmentAttended) // no note yet
		book("2026-02-25T10:00", model.AppointmentNoShow)
		book("2026-03-09T10:00", model.AppointmentScheduled)
		note := func(day, mood string, sign bool) {
			t.Helper()
			n, err := h.App.Notes.Create(ctx, po, c.ID, "free", model.NoteInput{ServiceDate: &day, Mood: &mood, Sections: map[string]string{"note": "Worked on sleep."}})
			if err != nil {
				t.Fatal(err)
			}
			if sign {
				if _, err := h.App.Notes.Sign(ctx, po, c.ID, n.ID, owner.Name, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
		note("2026-02-09", "4", false)
		note("2026-02-16", "7", true)

		tab := html.UnescapeString(string(oc.Get(chart + "?tab=sessions").Body))
		if strings.Index(tab, ">Sessions<") > strings.Index(tab, ">Notes<") {
			t.Error("the Sessions tab does not come before Notes")
		}
		rows := strings.Split(tab, "<tr>")[2:] // after the header row
		if len(rows) != 5 {
			t.Fatalf("%d session rows, want 5", len(rows))
		}
		for i, want := range [][]string{
			{"03/09/2026, 10:00 AM", "Scheduled", "No note"},
			{"02/25/2026", "No-show", "No note"},
			{"02/23/2026", "Attended", "No note", "Write note"},
			{"02/16/2026", "Signed", "7 <span class=\"muted\">of 10"},
			{"02/09/2026", "Draft", "late", "4 <span class=\"muted\">of 10"},
		} {
			for _, w := range append(want, name) {
				if !strings.Contains(rows[i], w) {
					t.Errorf("session row %d lacks %q: %s", i, w, rows[i])
				}
			}
		}
		if strings.Count(tab, "Write note") != 1 {
			t.Errorf("Write note is offered %d times, want once (the attended session without a note)", strings.Count(tab, "Write note"))
		}

		// Write note opens the new-note form filled from the session; the note it starts carries the fill.
		fill := url.Values{"service_date": {"2026-02-23"}, "duration_minutes": {"53"}, "service_type": {name}}
		if !strings.Contains(tab, `href="`+chart+"?"+url.Values{"tab": {"notes"}, "service_date": fill["service_date"], "duration_minutes": fill["duration_minutes"],
			"service_type": fill["service_type"]}.Encode()+`#new-note"`) {
			t.Fatal("Write note does not link to the filled new-note form")
		}
		form := html.UnescapeString(string(oc.Get(chart + "?tab=notes&" + fill.Encode()).Body))
		for _, want := range []string{`id="new-note"`, "For the session of 02/23/2026, 53 min, " + name, `name="service_date" value="2026-02-23"`,
			`name="duration_minutes" value="53"`} {
			if !strings.Contains(form, want) {
				t.Errorf("the filled new-note form lacks %q", want)
			}
		}
		bad := url.Values{"template": {"free"}, "service_date": {"2026-02-23"}, "duration_minutes": {"0"}, "service_type": {name}}
		if r := oc.Post(chart+"/notes", bad); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(string(r.Body), `name="service_date" value="2026-02-23"`) || !strings.Contains(string(r.Body), "Enter the duration in whole minutes") {
			t.Errorf("a bad duration: %d, the fill kept and the message shown?", r.StatusCode)
		}
		fill.Set("template", "free")
		if r := oc.Post(chart+"/notes", fill); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("starting the note: %d %s", r.StatusCode, r.Body)
		}
		pg, err := h.App.Notes.List(ctx, po, c.ID, model.NoteFilter{})
		if err != nil || len(pg.Notes) != 3 {
			t.Fatalf("notes after Write note: %v %v", pg.Notes, err)
		}
		if n := pg.Notes[0]; n.ServiceDate != "2026-02-23" || n.DurationMinutes != 53 || n.ServiceType != name || n.State != model.NoteDraft {
			t.Errorf("the started note: %s, %d min, %q, %s", n.ServiceDate, n.DurationMinutes, n.ServiceType, n.State)
		}
		tab = string(oc.Get(chart + "?tab=sessions").Body)
		if strings.Contains(tab, "Write note") {
			t.Error("Write note is still offered once the session has its note")
		}

		// Admins: states, no mood, nothing to write. Billing: the appointments, nothing of notes.
		ac := h.Client()
		ac.Login("ari@example.org", staffPassword)
		adminTab := html.UnescapeString(string(ac.Get(chart + "?tab=sessions").Body))
		if !strings.Contains(adminTab, "Signed") || !strings.Contains(adminTab, "late") || strings.Contains(adminTab, ">Mood<") ||
			strings.Contains(adminTab, "of 10") || strings.Contains(adminTab, "Write note") || strings.Contains(adminTab, chart+"/notes/") {
			t.Error("an admin's Sessions tab shows mood, offers to write, links a note, or lacks the note states")
		}
		bc := h.Client()
		bc.Login("bea@example.org", staffPassword)
		billTab := html.UnescapeString(string(bc.Get(chart + "?tab=sessions").Body))
		if !strings.Contains(billTab, "03/09/2026, 10:00 AM") || !strings.Contains(billTab, "Attended") {
			t.Error("billing staff do not see the chart's appointments")
		}
		for _, leak := range []string{"Signed", "Draft", "No note", ">Note<", "of 10", "Write note", "late"} {
			if strings.Contains(billTab, leak) {
				t.Errorf("billing staff's Sessions tab shows %q", leak)
			}
		}

		// The Overview's next appointment: the scheduled one, in the practice's format, for billing too.
		for who, cl := range map[string]*apptest.Client{"owner": oc, "billing": bc} {
			ov := html.UnescapeString(string(cl.Get(chart).Body))
			if !strings.Contains(ov, "Next appointment") || !strings.Contains(ov, "03/09/2026, 10:00 AM") || !strings.Contains(ov, "Room 2") ||
				strings.Contains(ov, "No upcoming appointment.") {
				t.Errorf("%s: the Overview does not show the next appointment", who)
			}
		}
	})
}
