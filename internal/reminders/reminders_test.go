package reminders_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/reminders"
	"tend/internal/store"
	"tend/internal/testdb"
)

var ctx = context.Background()

func str(s string) *string { return &s }
func num(n int) *int       { return &n }

type world struct {
	h           *apptest.Harness
	owner, clin model.Staff
	chart       model.Client // Robin, with a reminded parent and an unreminded friend
	service     model.Service
	d           *db.DB
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	h := apptest.New(t, d)
	_, owner := h.Setup()
	w := world{h: h, owner: owner, d: d}
	w.clin = h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
	var err error
	w.chart, err = h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: str("Robin"), LastName: str("Rivera"),
		Email: str("robin@example.org"), AssignedClinicianID: &w.clin.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []model.ContactInput{
		{New: model.NewPerson{FirstName: "Pat", LastName: "Rivera", Email: "pat@example.org"}, Relationship: model.RelParent,
			ContactFlags: model.ContactFlags{Reminders: true}},
		{New: model.NewPerson{FirstName: "Quinn", LastName: "Quill", Email: "quinn@example.org"}, Relationship: model.RelOther,
			RelationshipOther: "Friend", ContactFlags: model.ContactFlags{Emergency: true}},
	} {
		if _, err := h.App.Clients.AddContact(ctx, apptest.As(owner), w.chart.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	w.service, err = h.App.Services.Create(ctx, apptest.As(owner), model.ServiceInput{Name: str("Family systems therapy"), Code: str("90847"),
		DurationMinutes: num(50), RateText: str("150.00")})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w world) book(t *testing.T, chartID, start string) store.AppointmentRow {
	t.Helper()
	b, err := w.h.App.Appointments.Book(ctx, apptest.As(w.clin), appointments.BookInput{ChartIDs: []string{chartID}, Start: start,
		ServiceID: w.service.ID, DurationMinutes: num(50), Location: "Suite 4, 12 Elm St", ConfirmOverlap: true})
	if err != nil {
		t.Fatalf("book: %v", err)
	}
	return b.Appointments[0]
}

// at sets the clock.
func (w world) at(t *testing.T, rfc string) {
	t.Helper()
	at, err := time.Parse(time.RFC3339, rfc)
	if err != nil {
		t.Fatal(err)
	}
	w.h.Clock.Advance(at.Sub(w.h.Clock.Now()))
}

// send runs the reminder job once, as River would.
func (w world) send(t *testing.T) {
	t.Helper()
	worker := &reminders.Worker{Reminders: w.h.App.Reminders}
	if err := worker.Work(ctx, &river.Job[reminders.Args]{}); err != nil {
		t.Fatal(err)
	}
}

type sentMail struct{ to, subject, text, html string }

func mailTo(t *testing.T, d *db.DB, email string) []sentMail {
	t.Helper()
	rows, err := d.R.QueryContext(ctx, `SELECT to_address, subject, text_body, html_body FROM mail_messages WHERE to_address = $1 ORDER BY created_at`, email)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []sentMail
	for rows.Next() {
		var m sentMail
		if err := rows.Scan(&m.to, &m.subject, &m.text, &m.html); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func rowsOf(t *testing.T, w world, apptID string) []store.AppointmentReminder {
	t.Helper()
	rs, err := store.RemindersOfAppointment(ctx, w.h.App.Appointments.Store.R(), apptID)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func counts(t *testing.T, w world) [3]int {
	return [3]int{len(mailTo(t, w.d, "robin@example.org")), len(mailTo(t, w.d, "pat@example.org")), len(mailTo(t, w.d, "quinn@example.org"))}
}

// Issue 16, item 5: a reminder goes 24 hours ahead (the default) to the client and the contact whose
// reminder flag is on, never to a contact without it; exactly once, however often the job runs, after a
// "restart" (a new sender on the same database), after a crash between claiming and committing, and with
// two instances running at once. The email names the practice, date, time and place, and not the client,
// the clinician or the service.
// Proves AP-1, MN-2, CT-2.
func TestReminderSentExactlyOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		a := w.book(t, w.chart.ID, "2026-03-05T21:00:00Z") // 3:00 PM in Chicago
		rs := rowsOf(t, w, a.ID)
		if len(rs) != 1 || rs[0].LeadMinutes != 24*60 || !rs[0].DueAt.Equal(time.Date(2026, 3, 4, 21, 0, 0, 0, time.UTC)) || !rs[0].SentAt.IsZero() {
			t.Fatalf("reminder rows: %+v", rs)
		}
		w.send(t)
		if got := counts(t, w); got != [3]int{} {
			t.Fatalf("emails before the reminder is due: %v", got)
		}
		w.at(t, "2026-03-04T21:00:30Z")
		// A crash after the claim, before the commit: the claim and the emails are gone together.
		if n, err := w.h.App.Reminders.ClaimThenCrash(ctx); !errors.Is(err, reminders.ErrCrash) || n != 2 {
			t.Fatalf("crashed run: %d, %v", n, err)
		}
		if got := counts(t, w); got != [3]int{} {
			t.Fatalf("emails after a crash: %v", got)
		}
		if rs := rowsOf(t, w, a.ID); !rs[0].SentAt.IsZero() {
			t.Fatalf("the crashed claim stayed: %+v", rs)
		}
		// Two instances at once.
		var wg sync.WaitGroup
		sent := make([]int, 2)
		errs := make([]error, 2)
		for i := range 2 {
			s := &reminders.Service{Store: w.h.App.Reminders.Store, Audit: w.h.App.Reminders.Audit, Mail: w.h.App.Reminders.Mail, Now: w.h.Clock.Now}
			wg.Add(1)
			go func() {
				defer wg.Done()
				sent[i], errs[i] = s.SendDue(ctx)
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || sent[0]+sent[1] != 2 {
			t.Fatalf("two instances: sent %v, errors %v", sent, errs)
		}
		w.send(t)
		// A restart: a new sender on the same database finds nothing left to send.
		restarted := &reminders.Service{Store: w.h.App.Reminders.Store, Audit: w.h.App.Reminders.Audit, Mail: w.h.App.Reminders.Mail, Now: w.h.Clock.Now}
		if n, err := restarted.SendDue(ctx); err != nil || n != 0 {
			t.Fatalf("after a restart: %d, %v", n, err)
		}
		if got := counts(t, w); got != [3]int{1, 1, 0} {
			t.Fatalf("emails (client, reminded parent, unflagged friend): %v, want [1 1 0]", got)
		}
		rs = rowsOf(t, w, a.ID)
		if len(rs) != 1 || rs[0].SentAt.IsZero() || rs[0].Emailed != 2 {
			t.Fatalf("claimed row: %+v", rs)
		}
		m := mailTo(t, d, "pat@example.org")[0]
		for _, want := range []string{"Harbor Counseling", "03/05/2026", "3:00 PM CST", "Suite 4, 12 Elm St"} {
			if !strings.Contains(m.text, want) || !strings.Contains(m.html, want) {
				t.Errorf("the reminder should say %q:\n%s\n%s", want, m.text, m.html)
			}
		}
		for _, never := range []string{"Robin", "Rivera", "Cal", "Family systems", "90847"} {
			if strings.Contains(m.subject+m.text+m.html, never) {
				t.Errorf("the reminder names %q:\n%s\n%s", never, m.subject, m.text)
			}
		}
		// The send is audited with ids only.
		var detail string
		if err := d.R.QueryRowContext(ctx, `SELECT detail FROM audit_events WHERE action = 'appointment.reminder' AND record_id = $1`, a.ID).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, "lead_minutes=1440") || strings.Contains(detail, "@") {
			t.Fatalf("audit detail: %q", detail)
		}
	})
}

// Issue 16, item 5: moving an appointment re-times its reminder (and one already sent goes again for the
// new time); an edit that does not move it sends nothing again; a cancelled or late-cancelled appointment
// gets none; an appointment booked inside the lead time gets none.
// Proves AP-1.
func TestReminderMovesAndCancels(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		clin := apptest.As(w.clin)
		a := w.book(t, w.chart.ID, "2026-03-05T21:00:00Z")
		if _, err := w.h.App.Appointments.Edit(ctx, clin, a.ID, appointments.EditInput{Start: str("2026-03-06T15:00")}); err != nil {
			t.Fatal(err)
		}
		rs := rowsOf(t, w, a.ID)
		if len(rs) != 1 || !rs[0].DueAt.Equal(time.Date(2026, 3, 5, 21, 0, 0, 0, time.UTC)) {
			t.Fatalf("moved a day: %+v", rs)
		}
		w.at(t, "2026-03-04T21:05:00Z") // the old reminder time: nothing is due
		w.send(t)
		if got := counts(t, w); got != [3]int{} {
			t.Fatalf("emails at the old time: %v", got)
		}
		w.at(t, "2026-03-05T21:01:00Z")
		w.send(t)
		if got := counts(t, w); got != [3]int{1, 1, 0} {
			t.Fatalf("emails at the new time: %v", got)
		}
		if m := mailTo(t, d, "robin@example.org")[0]; !strings.Contains(m.text, "03/06/2026") {
			t.Fatalf("the reminder should give the new date: %s", m.text)
		}
		// A change of room keeps the sent reminder: nothing goes twice.
		if _, err := w.h.App.Appointments.Edit(ctx, clin, a.ID, appointments.EditInput{Location: str("Suite 5")}); err != nil {
			t.Fatal(err)
		}
		w.send(t)
		if got := counts(t, w); got != [3]int{1, 1, 0} {
			t.Fatalf("emails after a change of room: %v", got)
		}
		// Moved after its reminder went: a new one for the new time.
		if _, err := w.h.App.Appointments.Edit(ctx, clin, a.ID, appointments.EditInput{Start: str("2026-03-09T15:00")}); err != nil {
			t.Fatal(err)
		}
		if rs := rowsOf(t, w, a.ID); len(rs) != 1 || !rs[0].SentAt.IsZero() {
			t.Fatalf("moved after its reminder: %+v", rs)
		}
		w.at(t, "2026-03-08T20:01:00Z")
		w.send(t)
		if got := counts(t, w); got != [3]int{2, 2, 0} {
			t.Fatalf("emails after the second move: %v", got)
		}

		// Cancelled and late-cancelled appointments lose their reminders; back to scheduled, they return.
		b := w.book(t, w.chart.ID, "2026-03-12T21:00:00Z")
		c := w.book(t, w.chart.ID, "2026-03-13T21:00:00Z")
		if _, err := w.h.App.Appointments.SetStatus(ctx, clin, b.ID, model.AppointmentCancelled, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.h.App.Appointments.SetStatus(ctx, clin, c.ID, model.AppointmentLateCancel, ""); err != nil {
			t.Fatal(err)
		}
		if rb, rc := rowsOf(t, w, b.ID), rowsOf(t, w, c.ID); len(rb) != 0 || len(rc) != 0 {
			t.Fatalf("cancelled appointments keep reminders: %+v %+v", rb, rc)
		}
		if _, err := w.h.App.Appointments.SetStatus(ctx, clin, c.ID, model.AppointmentScheduled, ""); err != nil {
			t.Fatal(err)
		}
		if rc := rowsOf(t, w, c.ID); len(rc) != 1 {
			t.Fatalf("rescheduled: %+v", rc)
		}
		w.at(t, "2026-03-12T21:01:00Z")
		w.send(t)
		if got := counts(t, w); got != [3]int{3, 3, 0} {
			t.Fatalf("emails after a cancellation and a reinstatement: %v, want one more (the reinstated one)", got)
		}
		// Booked 3 hours ahead with a 24-hour lead: no reminder at all.
		late := w.book(t, w.chart.ID, "2026-03-13T00:00:00Z")
		if rs := rowsOf(t, w, late.ID); len(rs) != 0 {
			t.Fatalf("a reminder whose time has passed: %+v", rs)
		}
	})
}

// Issue 16, item 5: a group chart's reminders go to its members whose reminder flag is on and to no
// other (GR-4); the practice's lead times ("48, 2") give one reminder each; with the practice's leave the
// email names the service, and a telehealth appointment gives its link.
// Proves AP-1, GR-4.
func TestReminderGroupMembersLeadsAndService(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		owner := apptest.As(w.owner)
		if _, err := w.h.App.Accounts.ChangePracticeSettings(ctx, owner, model.PracticeSettingsChange{ReminderLeadHours: str("0, 2")}); fieldErr(err, "reminder_lead_hours") == "" {
			t.Fatalf("lead of 0 hours: %v", err)
		}
		for _, bad := range []string{"soon", "400", "1, 2, 3, 4"} {
			if _, err := w.h.App.Accounts.ChangePracticeSettings(ctx, owner, model.PracticeSettingsChange{ReminderLeadHours: str(bad)}); fieldErr(err, "reminder_lead_hours") == "" {
				t.Fatalf("lead %q: %v", bad, err)
			}
		}
		yes := true
		pr, err := w.h.App.Accounts.ChangePracticeSettings(ctx, owner, model.PracticeSettingsChange{ReminderLeadHours: str(" 2,48 "), ReminderNamesService: &yes})
		if err != nil || pr.ReminderLeadHours != "48, 2" || !pr.ReminderNamesService {
			t.Fatalf("settings: %q %v %v", pr.ReminderLeadHours, pr.ReminderNamesService, err)
		}
		member := func(first, email string, reminded bool) model.MemberInput {
			return model.MemberInput{New: model.NewPerson{FirstName: first, LastName: "Lima", Email: email}, Reminders: reminded}
		}
		g, err := w.h.App.Clients.CreateGroup(ctx, owner, clients.GroupInput{Change: model.ClientChange{GroupName: str("Lima family"), AssignedClinicianID: &w.clin.ID},
			Members: []model.MemberInput{member("Ana", "ana@example.org", true), member("Bruno", "bruno@example.org", false)}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := w.h.App.Appointments.Book(ctx, apptest.As(w.clin), appointments.BookInput{ChartIDs: []string{g.ID}, Start: "2026-03-06T21:00:00Z",
			ServiceID: w.service.ID, DurationMinutes: num(50), LocationKind: model.LocationTelehealth, Location: "https://video.example/room/42"})
		if err != nil {
			t.Fatal(err)
		}
		a := b.Appointments[0]
		if rs := rowsOf(t, w, a.ID); len(rs) != 2 || rs[0].LeadMinutes != 48*60 || rs[1].LeadMinutes != 120 {
			t.Fatalf("rows for 48 and 2 hours: %+v", rs)
		}
		w.at(t, "2026-03-04T21:00:00Z")
		w.send(t)
		w.at(t, "2026-03-06T19:00:00Z")
		w.send(t)
		ana, bruno := mailTo(t, d, "ana@example.org"), mailTo(t, d, "bruno@example.org")
		if len(ana) != 2 || len(bruno) != 0 {
			t.Fatalf("group reminders: Ana %d (want 2), Bruno %d (want 0)", len(ana), len(bruno))
		}
		for _, want := range []string{"Family systems therapy", "https://video.example/room/42", "by video"} {
			if !strings.Contains(ana[0].text, want) {
				t.Errorf("the reminder should say %q: %s", want, ana[0].text)
			}
		}
		if strings.Contains(ana[0].text, "Lima") {
			t.Errorf("the reminder names the group: %s", ana[0].text)
		}
	})
}

func fieldErr(err error, field string) string {
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields[field]
	}
	return ""
}
