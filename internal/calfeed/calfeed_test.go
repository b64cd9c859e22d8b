package calfeed_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/calfeed"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

var ctx = context.Background()

func str(s string) *string { return &s }
func num(n int) *int       { return &n }

type world struct {
	h                      *apptest.Harness
	owner, clin, colleague model.Staff
	bill                   model.Staff
	robin, sam, uma        model.Client
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	h := apptest.New(t, d)
	_, owner := h.Setup()
	w := world{h: h, owner: owner}
	w.clin = h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
	w.colleague = h.AddStaff(owner, "Col League", "col@example.org", model.RoleClinician)
	w.bill = h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
	mk := func(first, last, clinician string) model.Client {
		c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: str(first), LastName: str(last), AssignedClinicianID: &clinician})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.robin, w.sam, w.uma = mk("Robin", "Rivera", w.clin.ID), mk("Sam", "Stone", w.clin.ID), mk("Uma", "Ulm", w.colleague.ID)
	return w
}

func (w world) book(t *testing.T, as model.Staff, in appointments.BookInput) appointments.Booked {
	t.Helper()
	in.ConfirmOverlap = true
	b, err := w.h.App.Appointments.Book(ctx, apptest.As(as), in)
	if err != nil {
		t.Fatalf("book: %v", err)
	}
	return b
}

// fetch reads a feed address from the running server, without a session.
func (w world) fetch(t *testing.T, feedURL string) (*http.Response, string) {
	t.Helper()
	u, err := url.Parse(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(w.h.Server.URL + u.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// events parses a feed with golang-ical's parser and indexes its events by UID.
func events(t *testing.T, body string) map[string]*ics.VEvent {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse feed: %v\n%s", err, body)
	}
	out := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		out[ev.Id()] = ev
	}
	return out
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// Issue 16, item 7: a clinician's feed, parsed back with a real iCalendar library, holds their weekly
// series across the March daylight-saving change at the stored UTC instants (15:00 in Chicago each
// week, 21:00Z then 20:00Z), a cancelled session with STATUS:CANCELLED, the client's initials only, and
// nothing of a colleague's calendar, of the service, or outside the window. Proves AP-2.
func TestFeedEvents(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		svc, err := w.h.App.Services.Create(ctx, apptest.As(w.owner), model.ServiceInput{Name: str("Psychotherapy 53 minutes"), Code: str("90837"), DurationMinutes: num(53)})
		if err != nil {
			t.Fatal(err)
		}
		_, feedURL, err := w.h.App.CalendarFeeds.Create(ctx, apptest.As(w.clin))
		if err != nil {
			t.Fatal(err)
		}
		// The clock is 2026-03-02 09:00 UTC; Chicago moves to CDT on 8 March.
		series := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.robin.ID}, Start: "2026-03-03T15:00", DurationMinutes: num(50),
			ServiceID: svc.ID, Location: "Room 2", Recurrence: &appointments.Recurrence{Frequency: "weekly", Count: 4}})
		single := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.sam.ID}, Start: "2026-03-04T10:00", DurationMinutes: num(45),
			LocationKind: model.LocationTelehealth, Location: "https://video.example/room-7"})
		if _, err := w.h.App.Appointments.SetStatus(ctx, apptest.As(w.clin), single.Appointments[0].ID, model.AppointmentCancelled, appointments.ScopeThis); err != nil {
			t.Fatal(err)
		}
		late := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.sam.ID}, Start: "2027-04-01T10:00", DurationMinutes: num(45)})
		early := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.sam.ID}, Start: "2026-01-15T10:00", DurationMinutes: num(45)})
		theirs := w.book(t, w.colleague, appointments.BookInput{ChartIDs: []string{w.uma.ID}, Start: "2026-03-05T09:00", DurationMinutes: num(50)})

		res, body := w.fetch(t, feedURL)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("feed: %d %s", res.StatusCode, body)
		}
		if got := res.Header.Get("Cache-Control"); got != "private, no-store" {
			t.Errorf("Cache-Control %q", got)
		}
		if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/calendar") {
			t.Errorf("Content-Type %q", got)
		}
		evs := events(t, body)
		if len(evs) != 5 {
			t.Fatalf("got %d events, want 5 (4 of the series, 1 cancelled):\n%s", len(evs), body)
		}
		chicago, _ := time.LoadLocation("America/Chicago")
		wantUTC := []string{"20260303T210000Z", "20260310T200000Z", "20260317T200000Z", "20260324T200000Z"}
		for i, a := range series.Appointments {
			ev := evs[a.ID+"@127.0.0.1"]
			if ev == nil {
				t.Fatalf("occurrence %d (%s) missing", i, a.ID)
			}
			if got := prop(ev, ics.ComponentPropertyDtStart); got != wantUTC[i] {
				t.Errorf("occurrence %d: DTSTART %s, want %s", i, got, wantUTC[i])
			}
			start, err := ev.GetStartAt()
			if err != nil || !start.Equal(a.StartsAt) || start.In(chicago).Format("15:04") != "15:00" {
				t.Errorf("occurrence %d: start %v (%v), stored %v", i, start, err, a.StartsAt)
			}
			if end, err := ev.GetEndAt(); err != nil || end.Sub(start) != 50*time.Minute {
				t.Errorf("occurrence %d: end %v (%v)", i, end, err)
			}
			if got := prop(ev, ics.ComponentPropertySummary); got != "R. R." {
				t.Errorf("occurrence %d: SUMMARY %q, want initials", i, got)
			}
			if got := prop(ev, ics.ComponentPropertyStatus); got != "CONFIRMED" {
				t.Errorf("occurrence %d: STATUS %q", i, got)
			}
			if got := prop(ev, ics.ComponentPropertyLocation); got != "Room 2" {
				t.Errorf("occurrence %d: LOCATION %q", i, got)
			}
		}
		cancelled := evs[single.Appointments[0].ID+"@127.0.0.1"]
		if cancelled == nil || prop(cancelled, ics.ComponentPropertyStatus) != "CANCELLED" || prop(cancelled, ics.ComponentPropertySummary) != "S. S." ||
			prop(cancelled, ics.ComponentPropertyLocation) != "https://video.example/room-7" {
			t.Errorf("cancelled event: %+v", cancelled)
		}
		for _, absent := range []string{late.Appointments[0].ID, early.Appointments[0].ID, theirs.Appointments[0].ID} {
			if strings.Contains(body, absent) {
				t.Errorf("appointment %s is in the feed", absent)
			}
		}
		for _, secret := range []string{"Robin", "Rivera", "Stone", "Uma", "U. U.", "90837", "Psychotherapy"} {
			if strings.Contains(body, secret) {
				t.Errorf("feed holds %q", secret)
			}
		}

		// The practice allows names: the same feed names the clients.
		if _, err := w.h.App.Accounts.ChangePracticeSettings(ctx, apptest.As(w.owner), model.PracticeSettingsChange{FeedClientNames: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		_, body = w.fetch(t, feedURL)
		evs = events(t, body)
		if got := prop(evs[series.Appointments[0].ID+"@127.0.0.1"], ics.ComponentPropertySummary); got != "Robin Rivera" {
			t.Errorf("with names: SUMMARY %q", got)
		}
		if strings.Contains(body, "Uma") || strings.Contains(body, "Psychotherapy") {
			t.Errorf("with names, the feed holds a colleague's client or the service")
		}

		// Each read is audited with the staff id, never the token.
		if f := w.h.App.Audit.Flush; f != nil {
			if err := f(ctx); err != nil {
				t.Fatal(err)
			}
		}
		log, _, err := store.ListAuditEvents(ctx, w.h.App.CalendarFeeds.Store.R(), model.AuditFilter{PracticeID: w.owner.PracticeID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		token := strings.TrimSuffix(feedURL[strings.LastIndex(feedURL, "/")+1:], ".ics")
		reads := 0
		for _, e := range log {
			if strings.Contains(e.Detail+e.RecordID+e.Action, token) {
				t.Errorf("audit event %s holds the token", e.Action)
			}
			if e.Action == "calendar_feed.read" {
				reads++
				if e.ActorID != w.clin.ID || e.RecordID != w.clin.ID {
					t.Errorf("feed read audited as %s on %s", e.ActorID, e.RecordID)
				}
			}
		}
		if reads != 2 {
			t.Errorf("%d feed reads audited, want 2", reads)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// Issue 16, item 7: regenerating the address stops the old one at once (404, like a token never
// made); junk, another person's regenerated address and a deactivated person's address are 404 too;
// billing staff have no feed. Proves AP-2.
func TestRegenerateStopsOldAddress(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		feeds := w.h.App.CalendarFeeds
		st, err := feeds.Status(ctx, apptest.As(w.clin))
		if err != nil || st.Exists {
			t.Fatalf("status before: %+v %v", st, err)
		}
		_, old, err := feeds.Create(ctx, apptest.As(w.clin))
		if err != nil {
			t.Fatal(err)
		}
		if res, _ := w.fetch(t, old); res.StatusCode != http.StatusOK {
			t.Fatalf("first address: %d", res.StatusCode)
		}
		w.h.Clock.Advance(time.Minute)
		created, fresh, err := feeds.Create(ctx, apptest.As(w.clin))
		if err != nil || fresh == old || !strings.HasPrefix(fresh, "http://127.0.0.1/calendar/") || !strings.HasSuffix(fresh, ".ics") {
			t.Fatalf("regenerate: %q %v", fresh, err)
		}
		if res, _ := w.fetch(t, old); res.StatusCode != http.StatusNotFound {
			t.Errorf("old address after regenerating: %d, want 404", res.StatusCode)
		}
		if res, _ := w.fetch(t, fresh); res.StatusCode != http.StatusOK {
			t.Errorf("new address: %d", res.StatusCode)
		}
		if st, err := feeds.Status(ctx, apptest.As(w.clin)); err != nil || !st.Exists || !st.CreatedAt.Equal(created.CreatedAt) {
			t.Errorf("status after: %+v %v", st, err)
		}
		for _, junk := range []string{"/calendar/abc.ics", "/calendar/" + strings.Repeat("0", 64) + ".ics", strings.TrimSuffix(fresh, ".ics")} {
			if res, _ := w.fetch(t, junk); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", junk, res.StatusCode)
			}
		}
		// Only the hash is stored.
		f, err := store.CalendarFeedOf(ctx, feeds.Store.R(), w.clin.ID)
		if err != nil || strings.Contains(fresh, f.TokenHash) || len(f.TokenHash) != 64 {
			t.Errorf("stored: %+v %v", f, err)
		}
		if _, _, err := feeds.Create(ctx, apptest.As(w.bill)); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("billing: %v, want forbidden", err)
		}
		active := false
		if _, err := w.h.App.Accounts.UpdateStaff(ctx, apptest.As(w.owner), w.clin.ID, model.StaffChange{Active: &active}); err != nil {
			t.Fatal(err)
		}
		if res, _ := w.fetch(t, fresh); res.StatusCode != http.StatusNotFound {
			t.Errorf("deactivated person's feed: %d, want 404", res.StatusCode)
		}
	})
}

// Issue 16, item 7: initials. Proves AP-2.
func TestSummary(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a     store.FeedAppointment
		names bool
		want  string
	}{
		{store.FeedAppointment{ChartKind: model.KindIndividual, FirstName: "robin", LastName: "Rivera"}, false, "R. R."},
		{store.FeedAppointment{ChartKind: model.KindMinor, FirstName: "Ana María", LastName: "de la Cruz"}, false, "A. C."},
		{store.FeedAppointment{ChartKind: model.KindIndividual, FirstName: "Élodie", LastName: "Ørsted"}, false, "É. Ø."},
		{store.FeedAppointment{ChartKind: model.KindGroup, GroupName: "Rivera Chen"}, false, "R. C."},
		{store.FeedAppointment{ChartKind: model.KindIndividual, FirstName: "Robin", LastName: "Rivera"}, true, "Robin Rivera"},
		{store.FeedAppointment{ChartKind: model.KindGroup, GroupName: "Rivera Chen"}, true, "Rivera Chen"},
		{store.FeedAppointment{ChartKind: model.KindIndividual}, false, "Appointment"},
	} {
		if got := calfeed.Summary(tc.a, tc.names); got != tc.want {
			t.Errorf("%+v names=%t: got %q, want %q", tc.a, tc.names, got, tc.want)
		}
	}
}
