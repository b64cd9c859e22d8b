package appointments_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

var ctx = context.Background()

func str(s string) *string { return &s }
func num(n int) *int       { return &n }

type world struct {
	h                               *apptest.Harness
	owner, admin, clin, bill        model.Staff
	colleague, other                model.Staff
	chart, chart2, chart3, colChart model.Client
	svc                             *appointments.Service
	chicago                         *time.Location
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	h := apptest.New(t, d)
	_, owner := h.Setup()
	w := world{h: h, owner: owner, svc: h.App.Appointments}
	w.admin = h.AddStaff(owner, "Ada Admin", "ada@example.org", model.RoleAdmin)
	w.clin = h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
	w.bill = h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
	w.colleague = h.AddStaff(owner, "Col League", "col@example.org", model.RoleClinician)
	_, w.other = h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
	mk := func(first, last, clinician string) model.Client {
		c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: str(first), LastName: str(last), AssignedClinicianID: &clinician})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.chart, w.chart2, w.chart3 = mk("Robin", "Rivera", w.clin.ID), mk("Sam", "Stone", w.clin.ID), mk("Tay", "Tran", w.clin.ID)
	w.colChart = mk("Uma", "Ulm", w.colleague.ID)
	var err error
	if w.chicago, err = time.LoadLocation("America/Chicago"); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w world) book(t *testing.T, as model.Staff, in appointments.BookInput) appointments.Booked {
	t.Helper()
	b, err := w.svc.Book(ctx, apptest.As(as), in)
	if err != nil {
		t.Fatalf("book: %v", err)
	}
	return b
}

func fieldErr(err error, field string) string {
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields[field]
	}
	return ""
}

func locals(b []time.Time, loc *time.Location) []string {
	var out []string
	for _, t := range b {
		out = append(out, t.In(loc).Format("2006-01-02 15:04"))
	}
	return out
}

// Issue 16, item 3: a weekly series crossing both daylight-saving changes of America/Chicago keeps its
// local time (15:00) while its UTC time moves by an hour; every occurrence is a row and the series keeps
// its rule. Proves AP-1.
func TestSeriesKeepsLocalTimeAcrossDST(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for _, tc := range []struct{ start, until, firstUTC, lastUTC string }{
			{"2026-02-26T15:00", "2026-03-19", "21:00", "20:00"}, // CST → CDT on 8 March
			{"2026-10-22T15:00", "2026-11-12", "20:00", "21:00"}, // CDT → CST on 1 November
		} {
			b := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.chart.ID}, Start: tc.start, DurationMinutes: num(50),
				Recurrence: &appointments.Recurrence{Frequency: "weekly", Until: tc.until}, ConfirmOverlap: true})
			if len(b.Appointments) != 4 || b.Series == nil {
				t.Fatalf("%s: got %d occurrences, series %v", tc.start, len(b.Appointments), b.Series)
			}
			for _, a := range b.Appointments {
				if got := a.StartsAt.In(w.chicago).Format("15:04"); got != "15:00" {
					t.Errorf("%s: occurrence at %s local, want 15:00", tc.start, got)
				}
				if a.SeriesID != b.Series.ID || a.StartsAt.Location() != time.UTC {
					t.Errorf("occurrence %s: series %q, location %v", a.ID, a.SeriesID, a.StartsAt.Location())
				}
			}
			if got := b.Appointments[0].StartsAt.Format("15:04"); got != tc.firstUTC {
				t.Errorf("%s: first at %s UTC, want %s", tc.start, got, tc.firstUTC)
			}
			if got := b.Appointments[3].StartsAt.Format("15:04"); got != tc.lastUTC {
				t.Errorf("%s: last at %s UTC, want %s", tc.start, got, tc.lastUTC)
			}
			if b.Series.FirstLocal != tc.start || b.Series.TimeZone != "America/Chicago" || b.Series.RRule == "" {
				t.Errorf("series: %+v", b.Series)
			}
		}
		// Read back from the database: the stored UTC times give the same local times.
		rg, err := w.svc.Range(ctx, apptest.As(w.clin), appointments.RangeQuery{From: "2026-02-26", To: "2026-03-27"})
		if err != nil || len(rg.Items) != 4 {
			t.Fatalf("range: %d, %v", len(rg.Items), err)
		}
		for _, a := range rg.Items {
			if got := a.StartsAt.In(w.chicago).Format("15:04"); got != "15:00" {
				t.Errorf("stored occurrence at %s local, want 15:00", got)
			}
		}
	})
}

// Issue 16, item 3: weekly, every two weeks and monthly, until a date or a count; more than two years
// is refused and nothing is saved. Proves AP-1.
func TestRecurrenceExpansion(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		var starts []time.Time
		get := func(r appointments.Recurrence, start string) []string {
			t.Helper()
			b := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.chart.ID}, Start: start, DurationMinutes: num(50), Recurrence: &r, ConfirmOverlap: true})
			starts = starts[:0]
			for _, a := range b.Appointments {
				starts = append(starts, a.StartsAt)
			}
			return locals(starts, w.chicago)
		}
		cases := []struct {
			r     appointments.Recurrence
			start string
			want  []string
		}{
			{appointments.Recurrence{Frequency: "weekly", Count: 3}, "2026-04-06T09:00", []string{"2026-04-06 09:00", "2026-04-13 09:00", "2026-04-20 09:00"}},
			{appointments.Recurrence{Frequency: "biweekly", Until: "2026-05-04"}, "2026-04-06T10:00", []string{"2026-04-06 10:00", "2026-04-20 10:00", "2026-05-04 10:00"}},
			{appointments.Recurrence{Frequency: "monthly", Count: 3}, "2026-01-15T11:00", []string{"2026-01-15 11:00", "2026-02-15 11:00", "2026-03-15 11:00"}},
			{appointments.Recurrence{Frequency: "monthly", Until: "2026-04-30"}, "2026-01-31T12:00", []string{"2026-01-31 12:00", "2026-03-31 12:00"}},
		}
		for _, c := range cases {
			if got := get(c.r, c.start); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%+v from %s: got %v, want %v", c.r, c.start, got, c.want)
			}
		}
		// Two years to the day is allowed: 105 weekly sessions.
		if got := get(appointments.Recurrence{Frequency: "weekly", Until: "2028-06-05"}, "2026-06-05T08:00"); len(got) != 105 {
			t.Errorf("two years weekly: %d sessions", len(got))
		}
		before, _ := w.svc.OfChart(ctx, apptest.As(w.clin), w.chart.ID, appointments.Cursor{})
		for _, r := range []struct {
			rec   appointments.Recurrence
			field string
		}{
			{appointments.Recurrence{Frequency: "weekly", Until: "2028-06-06"}, "recurrence.until"},
			{appointments.Recurrence{Frequency: "weekly", Count: 106}, "recurrence.count"},
			{appointments.Recurrence{Frequency: "monthly", Count: 30}, "recurrence.count"},
			{appointments.Recurrence{Frequency: "daily", Count: 3}, "recurrence.frequency"},
			{appointments.Recurrence{Frequency: "weekly"}, "recurrence"},
			{appointments.Recurrence{Frequency: "weekly", Until: "2026-06-01"}, "recurrence.until"},
		} {
			_, err := w.svc.Book(ctx, apptest.As(w.clin), appointments.BookInput{ChartIDs: []string{w.chart.ID}, Start: "2026-06-05T08:00",
				DurationMinutes: num(50), Recurrence: &r.rec, ConfirmOverlap: true})
			if fieldErr(err, r.field) == "" {
				t.Errorf("%+v: want a message on %s, got %v", r.rec, r.field, err)
			}
		}
		after, _ := w.svc.OfChart(ctx, apptest.As(w.clin), w.chart.ID, appointments.Cursor{})
		if len(after.Items) != len(before.Items) {
			t.Errorf("refused series saved something: %d → %d", len(before.Items), len(after.Items))
		}
	})
}

// Issue 16, bad input: an end before the start, a 0- or 25-hour length, a telehealth link that is not
// http(s), and booking an archived or inactive client are refused by field, and nothing is saved.
// Proves AP-1.
func TestBookingRefusesBadInput(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		as := apptest.As(w.clin)
		if _, err := w.h.App.Clients.SetState(ctx, apptest.As(w.owner), w.chart2.ID, clients.ActionArchive); err != nil {
			t.Fatal(err)
		}
		if _, err := w.h.App.Clients.SetState(ctx, apptest.As(w.owner), w.chart3.ID, clients.ActionDeactivate); err != nil {
			t.Fatal(err)
		}
		base := appointments.BookInput{ChartIDs: []string{w.chart.ID}, Start: "2026-04-06T09:00", DurationMinutes: num(50)}
		cases := []struct {
			name  string
			edit  func(*appointments.BookInput)
			field string
		}{
			{"end before start", func(b *appointments.BookInput) { b.DurationMinutes, b.End = nil, "2026-04-06T08:30" }, "ends_at"},
			{"zero minutes", func(b *appointments.BookInput) { b.DurationMinutes = num(0) }, "duration_minutes"},
			{"25 hours", func(b *appointments.BookInput) { b.DurationMinutes = num(1500) }, "duration_minutes"},
			{"25 hours by end", func(b *appointments.BookInput) { b.DurationMinutes, b.End = nil, "2026-04-07T10:00" }, "ends_at"},
			{"no length", func(b *appointments.BookInput) { b.DurationMinutes = nil }, "duration_minutes"},
			{"bad start", func(b *appointments.BookInput) { b.Start = "next tuesday" }, "starts_at"},
			{"archived", func(b *appointments.BookInput) { b.ChartIDs = []string{w.chart2.ID} }, "chart_id"},
			{"inactive", func(b *appointments.BookInput) { b.ChartIDs = []string{w.chart3.ID} }, "chart_id"},
			{"telehealth link", func(b *appointments.BookInput) { b.LocationKind, b.Location = "telehealth", "javascript:alert(1)" }, "location"},
			{"billing is no clinician", func(b *appointments.BookInput) { b.ClinicianID = w.bill.ID }, "clinician_id"},
			{"another practice's clinician", func(b *appointments.BookInput) { b.ClinicianID = w.other.ID }, "clinician_id"},
			{"unknown service", func(b *appointments.BookInput) { b.ServiceID = w.clin.ID }, "service_id"},
		}
		for _, c := range cases {
			in := base
			c.edit(&in)
			_, err := w.svc.Book(ctx, as, in)
			if fieldErr(err, c.field) == "" {
				t.Errorf("%s: want a message on %s, got %v", c.name, c.field, err)
			}
		}
		if fieldErr(func() error {
			_, err := w.svc.Book(ctx, as, appointments.BookInput{ChartIDs: []string{w.chart2.ID}, Start: "2026-04-06T09:00", DurationMinutes: num(50)})
			return err
		}(), "chart_id") != "This client is archived: reactivate or restore them before booking." {
			t.Error("archived: unclear message")
		}
		rg, err := w.svc.Range(ctx, as, appointments.RangeQuery{From: "2026-04-01", To: "2026-04-10"})
		if err != nil || len(rg.Items) != 0 {
			t.Errorf("refused bookings saved %d appointments (%v)", len(rg.Items), err)
		}
		// The end given instead of a length: 45 minutes; the clinician defaults to the chart's.
		in := base
		in.DurationMinutes, in.End = nil, "2026-04-06T09:45"
		b := w.book(t, w.owner, in)
		if a := b.Appointments[0]; a.DurationMinutes != 45 || a.ClinicianID != w.clin.ID || a.Status != model.AppointmentScheduled || a.LocationKind != "office" {
			t.Errorf("booked %+v", a.Appointment)
		}
	})
}

// Issue 16, item 3: double-booking a clinician answers the overlapping appointments and saves nothing;
// confirming books it. Cancelled appointments free their time. Proves AP-1.
func TestDoubleBookingWarnsThenConfirms(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		as := apptest.As(w.clin)
		first := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.chart.ID}, Start: "2026-04-06T09:00", DurationMinutes: num(50)})
		in := appointments.BookInput{ChartIDs: []string{w.chart2.ID}, Start: "2026-04-06T09:30", DurationMinutes: num(50)}
		_, err := w.svc.Book(ctx, as, in)
		var oe *appointments.OverlapError
		if !errors.As(err, &oe) || len(oe.Overlaps) != 1 || oe.Overlaps[0].ID != first.Appointments[0].ID || oe.Overlaps[0].ChartName != "Robin Rivera" {
			t.Fatalf("want an overlap with the first appointment, got %v", err)
		}
		if rg, _ := w.svc.Range(ctx, as, appointments.RangeQuery{From: "2026-04-06", To: "2026-04-07"}); len(rg.Items) != 1 {
			t.Fatalf("the warning saved something: %d", len(rg.Items))
		}
		// Back to back is no overlap; another clinician is not in the way.
		if _, err := w.svc.Book(ctx, as, appointments.BookInput{ChartIDs: []string{w.chart3.ID}, Start: "2026-04-06T09:50", DurationMinutes: num(10)}); err != nil {
			t.Errorf("back to back: %v", err)
		}
		if _, err := w.svc.Book(ctx, apptest.As(w.colleague), appointments.BookInput{ChartIDs: []string{w.colChart.ID}, Start: "2026-04-06T09:00", DurationMinutes: num(50)}); err != nil {
			t.Errorf("another clinician: %v", err)
		}
		in.ConfirmOverlap = true
		if _, err := w.svc.Book(ctx, as, in); err != nil {
			t.Fatalf("confirmed: %v", err)
		}
		// A series is checked at every occurrence; a cancelled appointment is not in the way.
		if _, err := w.svc.SetStatus(ctx, as, first.Appointments[0].ID, model.AppointmentCancelled, ""); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Book(ctx, as, appointments.BookInput{ChartIDs: []string{w.chart.ID}, Start: "2026-03-30T09:40", DurationMinutes: num(30),
			Recurrence: &appointments.Recurrence{Frequency: "weekly", Count: 3}})
		if !errors.As(err, &oe) || len(oe.Overlaps) != 2 {
			t.Fatalf("series: want the two live appointments of 6 April, got %v", err)
		}
	})
}

// GR-6: a group session books one appointment per client at the same time with a shared group session
// id, in one transaction; moving it moves every client's appointment. Proves GR-6.
func TestGroupSession(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		as := apptest.As(w.clin)
		b := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.chart.ID, w.chart2.ID, w.chart3.ID}, Start: "2026-04-07T18:00", DurationMinutes: num(90)})
		if len(b.Appointments) != 3 {
			t.Fatalf("got %d appointments", len(b.Appointments))
		}
		g := b.Appointments[0].GroupSessionID
		for _, a := range b.Appointments {
			if g == "" || a.GroupSessionID != g || !a.StartsAt.Equal(b.Appointments[0].StartsAt) {
				t.Errorf("appointment %+v", a.Appointment)
			}
		}
		// All or nothing: one archived client refuses the whole session.
		if _, err := w.h.App.Clients.SetState(ctx, apptest.As(w.owner), w.chart3.ID, clients.ActionArchive); err != nil {
			t.Fatal(err)
		}
		_, err := w.svc.Book(ctx, as, appointments.BookInput{ChartIDs: []string{w.chart.ID, w.chart3.ID}, Start: "2026-04-14T18:00", DurationMinutes: num(90)})
		if fieldErr(err, "chart_ids") == "" {
			t.Fatalf("archived member: %v", err)
		}
		if rg, _ := w.svc.Range(ctx, as, appointments.RangeQuery{From: "2026-04-14", To: "2026-04-15"}); len(rg.Items) != 0 {
			t.Errorf("half a group session saved: %d", len(rg.Items))
		}
		c, err := w.svc.Edit(ctx, as, b.Appointments[1].ID, appointments.EditInput{Start: str("2026-04-07T19:00")})
		if err != nil || len(c.Appointments) != 3 {
			t.Fatalf("move: %d, %v", len(c.Appointments), err)
		}
		for _, a := range c.Appointments {
			if a.StartsAt.In(w.chicago).Format("15:04") != "19:00" {
				t.Errorf("moved group appointment at %s", a.StartsAt.In(w.chicago))
			}
		}
		// Attendance is each client's own.
		w.h.Clock.Advance(24 * 365 * time.Hour)
		ch, err := w.svc.SetStatus(ctx, as, b.Appointments[0].ID, model.AppointmentNoShow, "")
		if err != nil || len(ch.Appointments) != 1 || ch.Appointments[0].Status != model.AppointmentNoShow {
			t.Fatalf("no-show: %v", err)
		}
	})
}

// Issue 16, item 3: "this one" changes one occurrence; "this and following" moves the later scheduled
// occurrences by the same local-time shift (across daylight saving) and leaves the earlier ones; a
// cancellation of the following ones cancels them all, and nothing else. Proves AP-1.
func TestEditThisOrFollowing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		as := apptest.As(w.clin)
		b := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.chart.ID}, Start: "2026-02-19T15:00", DurationMinutes: num(50),
			Recurrence: &appointments.Recurrence{Frequency: "weekly", Count: 6}})
		occ := b.Appointments
		// This one: 20 Feb... the second occurrence moves an hour later, the others stay.
		c, err := w.svc.Edit(ctx, as, occ[1].ID, appointments.EditInput{Scope: "this", Start: str("2026-02-26T16:00"), DurationMinutes: num(45)})
		if err != nil || len(c.Appointments) != 1 || c.Appointments[0].DurationMinutes != 45 {
			t.Fatalf("this one: %v", err)
		}
		// This and following from the fourth (12 March, after the change to CDT): to 17:00 local, telehealth.
		c, err = w.svc.Edit(ctx, as, occ[3].ID, appointments.EditInput{Scope: "following", Start: str("2026-03-12T17:00"),
			LocationKind: str("telehealth"), Location: str("https://meet.example.org/room")})
		if err != nil || len(c.Appointments) != 3 {
			t.Fatalf("following: %d, %v", len(c.Appointments), err)
		}
		cs, err := w.svc.OfChart(ctx, as, w.chart.ID, appointments.Cursor{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i := len(cs.Items) - 1; i >= 0; i-- {
			a := cs.Items[i]
			got = append(got, a.StartsAt.In(w.chicago).Format("01-02 15:04")+" "+a.LocationKind)
		}
		want := []string{"02-19 15:00 office", "02-26 16:00 office", "03-05 15:00 office", "03-12 17:00 telehealth", "03-19 17:00 telehealth", "03-26 17:00 telehealth"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("after edits:\n got %v\nwant %v", got, want)
		}
		// Moving across the DST change keeps the wall time: 5 March (CST) to 6 March, following.
		if _, err := w.svc.Edit(ctx, as, occ[2].ID, appointments.EditInput{Scope: "following", Start: str("2026-03-06T15:00")}); err != nil {
			t.Fatal(err)
		}
		cs, _ = w.svc.OfChart(ctx, as, w.chart.ID, appointments.Cursor{})
		if l := cs.Items[0].StartsAt.In(w.chicago).Format("01-02 15:04"); l != "03-27 17:00" {
			t.Errorf("last occurrence after a day's shift: %s", l)
		}
		// Cancel following from the fifth: the fifth and sixth are cancelled, the rest untouched.
		if _, err := w.svc.SetStatus(ctx, as, occ[4].ID, model.AppointmentCancelled, "following"); err != nil {
			t.Fatal(err)
		}
		cs, _ = w.svc.OfChart(ctx, as, w.chart.ID, appointments.Cursor{})
		var statuses []string
		for i := len(cs.Items) - 1; i >= 0; i-- {
			statuses = append(statuses, string(cs.Items[i].Status))
		}
		if fmt.Sprint(statuses) != "[scheduled scheduled scheduled scheduled cancelled cancelled]" {
			t.Errorf("statuses: %v", statuses)
		}
		// Bad edits change nothing: a 0-minute length, following on a single appointment, a future attendance.
		single := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.chart2.ID}, Start: "2026-05-01T09:00", DurationMinutes: num(50)})
		if _, err := w.svc.Edit(ctx, as, occ[0].ID, appointments.EditInput{Scope: "following", DurationMinutes: num(0)}); fieldErr(err, "duration_minutes") == "" {
			t.Errorf("zero minutes: %v", err)
		}
		if _, err := w.svc.Edit(ctx, as, single.Appointments[0].ID, appointments.EditInput{Scope: "following", DurationMinutes: num(30)}); fieldErr(err, "scope") == "" {
			t.Errorf("following on a single: %v", err)
		}
		if _, err := w.svc.SetStatus(ctx, as, single.Appointments[0].ID, model.AppointmentAttended, ""); fieldErr(err, "status") == "" {
			t.Errorf("attended before it started: %v", err)
		}
		if _, err := w.svc.SetStatus(ctx, as, single.Appointments[0].ID, "done", ""); fieldErr(err, "status") == "" {
			t.Errorf("unknown status: %v", err)
		}
		cs, _ = w.svc.OfChart(ctx, as, w.chart.ID, appointments.Cursor{})
		if cs.Items[len(cs.Items)-1].DurationMinutes != 50 {
			t.Error("a refused edit changed the first occurrence")
		}
		// Moving onto another appointment warns.
		if _, err := w.svc.Edit(ctx, as, single.Appointments[0].ID, appointments.EditInput{Start: str("2026-02-19T15:10")}); !errors.As(err, new(*appointments.OverlapError)) {
			t.Errorf("move onto an appointment: %v", err)
		}
	})
}

// Issue 16, item 3: range reads by clinician and for the whole practice (owner and admin; billing reads
// clinicians' calendars), a chart's sessions paged newest first, and another practice's appointment
// answering like a missing one. Every read is audited. Proves AP-1.
func TestRangeReadsAndReach(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		mine := w.book(t, w.clin, appointments.BookInput{ChartIDs: []string{w.chart.ID}, Start: "2026-04-06T09:00", DurationMinutes: num(50),
			Recurrence: &appointments.Recurrence{Frequency: "weekly", Count: 60}})
		w.book(t, w.colleague, appointments.BookInput{ChartIDs: []string{w.colChart.ID}, Start: "2026-04-06T09:00", DurationMinutes: num(50)})
		week := appointments.RangeQuery{From: "2026-04-06", To: "2026-04-13"}
		count := func(as model.Staff, q appointments.RangeQuery) (int, bool, error) {
			rg, err := w.svc.Range(ctx, apptest.As(as), q)
			return len(rg.Items), rg.PracticeWide, err
		}
		for _, c := range []struct {
			as   model.Staff
			want int
			wide bool
		}{{w.owner, 2, true}, {w.admin, 2, true}, {w.clin, 1, false}, {w.bill, 0, false}} {
			n, wide, err := count(c.as, week)
			if err != nil || n != c.want || wide != c.wide {
				t.Errorf("%s: %d appointments, practice-wide %t, %v", c.as.Role, n, wide, err)
			}
		}
		byClin := week
		byClin.ClinicianID = w.clin.ID
		for _, as := range []model.Staff{w.owner, w.bill, w.clin} {
			if n, _, err := count(as, byClin); n != 1 || err != nil {
				t.Errorf("%s reading the clinician's calendar: %d, %v", as.Role, n, err)
			}
		}
		// A clinician does not see a colleague's clients unless the practice lets them.
		byCol := week
		byCol.ClinicianID = w.colleague.ID
		if n, _, _ := count(w.clin, byCol); n != 0 {
			t.Errorf("clinician sees %d of a colleague's appointments", n)
		}
		for _, q := range []appointments.RangeQuery{{From: "2026-04-06", To: "2026-05-19"}, {From: "2026-04-06", To: "2026-04-01"}, {From: "soon", To: "2026-04-07"}} {
			if _, _, err := count(w.owner, q); err == nil {
				t.Errorf("range %+v accepted", q)
			}
		}
		if _, err := w.svc.Get(ctx, apptest.As(w.other), mine.Appointments[0].ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another practice: %v", err)
		}
		if _, err := w.svc.Get(ctx, apptest.As(w.colleague), mine.Appointments[0].ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a colleague's client: %v", err)
		}
		if v, err := w.svc.Get(ctx, apptest.As(w.bill), mine.Appointments[0].ID); err != nil || !v.Caps.Change {
			t.Errorf("billing: %v", err)
		}
		if _, err := w.svc.SetStatus(ctx, apptest.As(w.other), mine.Appointments[0].ID, model.AppointmentCancelled, ""); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another practice's cancel: %v", err)
		}
		// A chart's sessions, 50 a page, newest first, by key.
		var seen []string
		var cur appointments.Cursor
		for page := 0; ; page++ {
			cs, err := w.svc.OfChart(ctx, apptest.As(w.bill), w.chart.ID, cur)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range cs.Items {
				seen = append(seen, a.ID)
			}
			if cs.Next.ID == "" {
				break
			}
			cur = cs.Next
		}
		if len(seen) != 60 || seen[0] != mine.Appointments[59].ID || seen[59] != mine.Appointments[0].ID {
			t.Errorf("paged %d sessions", len(seen))
		}
		if _, err := w.svc.OfChart(ctx, apptest.As(w.other), w.chart.ID, appointments.Cursor{}); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another practice's chart: %v", err)
		}
		if f := w.h.App.Audit.Flush; f != nil { // SQLite's spool; PostgreSQL's batcher records before it returns
			if err := f(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for action, want := range map[string]int{"appointments.view": 8, "appointment.view": 1, "chart.appointments.view": 2, "appointment.book": 2} {
			var n int
			if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = $1 AND outcome = 'success'`, action).Scan(&n); err != nil || n != want {
				t.Errorf("%s audited %d times, want %d (%v)", action, n, want, err)
			}
		}
	})
}
