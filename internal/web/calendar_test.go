package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// calColumn returns the HTML of the calendar column whose heading link holds heading ("Tue", a name).
func calColumn(t *testing.T, page, heading string) string {
	t.Helper()
	for _, col := range strings.Split(page, `<section class="cal-col`)[1:] {
		if strings.Contains(col[:strings.Index(col, "</h2>")], ">"+heading+"<") {
			return col[:strings.Index(col, "</section>")]
		}
	}
	t.Fatalf("no calendar column %q", heading)
	return ""
}

// Issue 16, item 4: the calendar's week and day pages place each appointment on the grid by its local
// start and length in the practice's time zone (America/Chicago), on both sides of a daylight-saving
// change; each empty half hour books it; the whole practice's calendar is the owner's, and a clinician
// who asks for it sees their own, without the owner's clients. Proves AP-1.
func TestCalendarPlacement(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		ctx, po := t.Context(), apptest.As(owner)
		cara := h.AddStaff(owner, "Cara Clinician", "cara@example.org", model.RoleClinician)
		if err := h.App.Accounts.ChangePassword(ctx, apptest.As(cara), apptest.StrongPassword, staffPassword, false); err != nil {
			t.Fatal(err)
		}
		chart := func(first, last, clinician string) model.Client {
			t.Helper()
			c, err := h.App.Clients.Create(ctx, po, model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &clinician})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		robin, casey := chart("Robin", "Rivera", owner.ID), chart("Casey", "Cole", cara.ID)
		book := func(c model.Client, clinician, start string, minutes int, rec *appointments.Recurrence) {
			t.Helper()
			if _, err := h.App.Appointments.Book(ctx, po, appointments.BookInput{ChartIDs: []string{c.ID}, ClinicianID: clinician, Start: start,
				DurationMinutes: &minutes, Recurrence: rec}); err != nil {
				t.Fatalf("book %s: %v", start, err)
			}
		}
		book(robin, owner.ID, "2026-03-03T09:00", 50, nil)                                                     // Tuesday, 9:00: row 2 + 8
		book(robin, owner.ID, "2026-03-05T15:00", 50, &appointments.Recurrence{Frequency: "weekly", Count: 2}) // Thursdays 15:00 CST, then CDT
		book(robin, owner.ID, "2026-03-08T10:10", 30, nil)                                                     // Sunday after the change
		book(casey, cara.ID, "2026-03-03T09:00", 50, nil)                                                      // Cara's, at the same time
		book(robin, owner.ID, "2026-03-03T14:00", 30, nil)                                                     // alone at 14:00: the whole width
		oc := h.Client()
		oc.Login("owner@example.org", apptest.StrongPassword)

		week := html.UnescapeString(string(oc.Get("/calendar?view=week&date=2026-03-04").Body))
		for _, want := range []struct{ day, class string }{
			{"Tue", `class="cal-appt r10 s4 lw st-scheduled"`},
			{"Thu", `class="cal-appt r34 s4 lw st-scheduled"`}, // 15:00 CST
			{"Sun", `class="cal-appt r14 s3 lw st-scheduled"`}, // 10:10 to 10:40 CDT: three quarter-hour rows
		} {
			if col := calColumn(t, week, want.day); !strings.Contains(col, want.class) || !strings.Contains(col, "Robin Rivera") {
				t.Errorf("%s: the appointment is not placed as %s", want.day, want.class)
			}
		}
		if strings.Contains(week, "Casey Cole") {
			t.Error("the owner's own week shows Cara's appointment")
		}
		if !strings.Contains(calColumn(t, week, "Tue"), `href="/appointments/new?clinician=`+owner.ID+`&amp;start=2026-03-03T10%3A00"`) &&
			!strings.Contains(calColumn(t, week, "Tue"), `href="/appointments/new?clinician=`+owner.ID+`&start=2026-03-03T10%3A00"`) {
			t.Error("the empty 10:00 slot on Tuesday does not book it")
		}
		// The week after the change: the series' 15:00 stays on the 15:00 row (CDT).
		after := html.UnescapeString(string(oc.Get("/calendar?view=week&date=2026-03-12").Body))
		if col := calColumn(t, after, "Thu"); !strings.Contains(col, `r34 s4 lw`) || !strings.Contains(col, "3:00 PM") {
			t.Error("the series' second session is not at 15:00 local after the daylight-saving change")
		}
		// Day view, and the practice: Cara's appointment beside the owner's, in the same day column.
		day := html.UnescapeString(string(oc.Get("/calendar?view=day&date=2026-03-03").Body))
		if strings.Count(day, `<section class="cal-col`) != 1 || !strings.Contains(day, "r10 s4 lw") {
			t.Error("the day view is not one column with the 9:00 appointment")
		}
		practice := html.UnescapeString(string(oc.Get("/calendar?view=week&date=2026-03-03&clinician=all").Body))
		if tue := calColumn(t, practice, "Tue"); !strings.Contains(tue, "Casey Cole") || !strings.Contains(tue, "Robin Rivera") ||
			!strings.Contains(tue, " l2 ") || !strings.Contains(practice, `cal-col n2`) {
			t.Error("the practice week does not show both 9:00 appointments side by side")
		}
		if tue := calColumn(t, practice, "Tue"); !strings.Contains(tue, `r30 s2 lw st-scheduled`) || strings.Count(tue, " lw ") != 1 {
			t.Error("the 14:00 appointment, which overlaps no other, does not take the whole width beside the two at 9:00")
		}
		pday := html.UnescapeString(string(oc.Get("/calendar?view=day&date=2026-03-03&clinician=all").Body))
		if !strings.Contains(calColumn(t, pday, "Cara Clinician"), "Casey Cole") || !strings.Contains(calColumn(t, pday, owner.Name), "Robin Rivera") {
			t.Error("the practice's day has no column per clinician")
		}

		// A clinician asking for the practice sees their own calendar, and none of the owner's clients.
		cc := h.Client()
		cc.Login("cara@example.org", staffPassword)
		mine := html.UnescapeString(string(cc.Get("/calendar?view=week&date=2026-03-03&clinician=all").Body))
		if !strings.Contains(mine, "Only owners and admins see the whole practice") || !strings.Contains(mine, "Casey Cole") || strings.Contains(mine, "Robin Rivera") {
			t.Error("a clinician asking for the practice does not get their own calendar alone")
		}
		if strings.Contains(mine, `value="all"`) {
			t.Error("a clinician is offered the whole practice")
		}
		if cc.Get("/calendar").StatusCode != http.StatusOK {
			t.Error("the calendar does not open for a clinician")
		}
	})
}

// Issue 16, item 4 (CL-3, GR-6): the new-appointment form books without JavaScript: it finds a client,
// adds one in place (names checked by the same use case as New client), keeps every typed value when a
// field is refused, warns of a double booking with the clashing appointment and books anyway on
// confirmation; the appointment page changes the status and moves this one or this and the following;
// another practice's appointment is 404. Proves AP-1, CL-3.
func TestBookingPages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		ctx, po := t.Context(), apptest.As(owner)
		first, last := "Robin", "Rivera"
		robin, err := h.App.Clients.Create(ctx, po, model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		name, mins := "Psychotherapy", 53
		svc, err := h.App.Services.Create(ctx, po, model.ServiceInput{Name: &name, DurationMinutes: &mins})
		if err != nil {
			t.Fatal(err)
		}
		oc := h.Client()
		oc.Login("owner@example.org", apptest.StrongPassword)
		base := url.Values{"clinician_id": {owner.ID}, "service_id": {svc.ID}, "starts_at": {"2026-03-04T11:00"}, "location_kind": {"office"},
			"location": {"Room 9"}}
		with := func(kv ...string) url.Values {
			v := url.Values{}
			for k, vs := range base {
				v[k] = append([]string(nil), vs...)
			}
			for i := 0; i < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}

		// ?chart= preselects the chart; the form opens from a slot with its time.
		form := string(oc.Get("/appointments/new?chart=" + robin.ID + "&start=2026-03-04T11:00").Body)
		if !strings.Contains(form, `name="chart_id" value="`+robin.ID+`" checked`) || !strings.Contains(form, `value="2026-03-04T11:00"`) {
			t.Error("the form does not preselect the chart and the slot's time")
		}
		// Find lists matching charts as choices, keeping the typed fields.
		found := string(oc.Post("/appointments/new", with("q", "Rivera", "op", "find")).Body)
		if !strings.Contains(found, `name="pick" value="`+robin.ID+`"`) || !strings.Contains(found, `value="Room 9"`) {
			t.Error("Find does not list the client, or loses the typed fields")
		}
		// The dialog's find-as-you-type fragment: the same search, as choices alone.
		frag := string(oc.Get("/appointments/new/clients?q=Rive").Body)
		if !strings.Contains(frag, `type="radio" name="pick" value="`+robin.ID+`"`) || strings.Contains(frag, "<html") {
			t.Error("the client search fragment does not list the client as a choice")
		}
		// The chart's Sessions tab books a session for it.
		if tab := string(oc.Get("/clients/" + robin.ID + "?tab=sessions").Body); !strings.Contains(tab, `href="/appointments/new?chart=`+robin.ID+`"`) {
			t.Error("the Sessions tab has no Book a session link")
		}
		// A refused field: its message next to it, the rest as typed.
		bad := oc.Post("/appointments/new", with("pick", robin.ID, "op", "book", "duration_minutes", "0"))
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(bad.Body), `id="f-duration_minutes-error"`) ||
			!strings.Contains(string(bad.Body), `value="Room 9"`) || !strings.Contains(string(bad.Body), `name="chart_id" value="`+robin.ID+`" checked`) {
			t.Errorf("a 0-minute booking: %d, or the message or the typed values are missing", bad.StatusCode)
		}
		ok := oc.Post("/appointments/new", with("pick", robin.ID, "op", "book"))
		if ok.StatusCode != http.StatusSeeOther || ok.Header.Get("Location") != "/calendar?clinician="+owner.ID+"&date=2026-03-04&view=week" {
			t.Fatalf("booking: %d to %q", ok.StatusCode, ok.Header.Get("Location"))
		}
		// The same time again: the warning names the clash and keeps the fields; Book anyway books.
		clash := oc.Post("/appointments/new", with("chart_id", robin.ID, "op", "book"))
		body := html.UnescapeString(string(clash.Body))
		if clash.StatusCode != http.StatusConflict || !strings.Contains(body, "Book anyway") || !strings.Contains(body, "Robin Rivera</a>") ||
			!strings.Contains(body, `value="Room 9"`) {
			t.Errorf("double booking: %d, or no warning with the clash and the typed fields", clash.StatusCode)
		}
		if r := oc.Post("/appointments/new", with("chart_id", robin.ID, "op", "confirm")); r.StatusCode != http.StatusSeeOther {
			t.Errorf("Book anyway: %d", r.StatusCode)
		}

		// Add a client in place: the names are checked, then the booking goes on with the new chart chosen.
		open := string(oc.Post("/appointments/new", with("op", "add:individual")).Body)
		if !strings.Contains(open, `name="new.first_name"`) || !strings.Contains(open, `value="Room 9"`) {
			t.Error("Add a client does not open the new client's fields, keeping the booking's")
		}
		noName := oc.Post("/appointments/new", with("op", "create_client", "new.kind", "individual", "new.last_name", "Nguyen"))
		if noName.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(noName.Body), `id="f-new.first_name-error"`) ||
			!strings.Contains(string(noName.Body), `value="Nguyen"`) {
			t.Errorf("a new client without a first name: %d, or no message by the field", noName.StatusCode)
		}
		created := string(oc.Post("/appointments/new", with("op", "create_client", "new.kind", "individual", "new.first_name", "Noa", "new.last_name", "Nguyen")).Body)
		i := strings.Index(created, `name="chart_id" value="`)
		if i < 0 || !strings.Contains(created, "Noa Nguyen") || !strings.Contains(created, `value="2026-03-04T11:00"`) {
			t.Fatal("the new client is not chosen in the form, or the booking's fields are lost")
		}
		noa := created[i+len(`name="chart_id" value="`):][:len(robin.ID)]
		if r := oc.Post("/appointments/new", with("chart_id", noa, "op", "confirm", "starts_at", "2026-02-23T15:00")); r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "2026-02-23") {
			t.Fatalf("booking the new client: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		rg, err := h.App.Appointments.Range(ctx, po, appointments.RangeQuery{From: "2026-02-23", To: "2026-02-24"})
		if err != nil || len(rg.Items) != 1 || rg.Items[0].ChartID != noa || rg.Items[0].DurationMinutes != 53 {
			t.Fatalf("the new client's appointment: %v %+v", err, rg.Items)
		}
		past := rg.Items[0].ID

		// Status: attended waits until it has started; a past one is marked and offers Write note.
		future, err := h.App.Appointments.Book(ctx, po, appointments.BookInput{ChartIDs: []string{robin.ID}, Start: "2026-03-05T15:00", ServiceID: svc.ID,
			Recurrence: &appointments.Recurrence{Frequency: "weekly", Count: 3}})
		if err != nil {
			t.Fatal(err)
		}
		early := oc.Post("/appointments/"+future.Appointments[0].ID+"/status", url.Values{"status": {"attended"}, "scope": {"this"}})
		if early.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(early.Body), "has not started yet") {
			t.Errorf("attended before the start: %d", early.StatusCode)
		}
		done := oc.Post("/appointments/"+past+"/status", url.Values{"status": {"attended"}, "scope": {"this"}})
		if done.StatusCode != http.StatusSeeOther || !strings.Contains(done.Header.Get("Location"), "date=2026-02-23") {
			t.Fatalf("marking attended: %d to %q", done.StatusCode, done.Header.Get("Location"))
		}
		page := html.UnescapeString(string(oc.Get("/appointments/" + past).Body))
		if !strings.Contains(page, "Attended") || !strings.Contains(page, "Write note") || !strings.Contains(page, "service_date=2026-02-23") {
			t.Error("the attended appointment does not offer Write note for its day")
		}

		// Edit this and following: the second and third move to 16:00, the first stays.
		second := future.Appointments[1].ID
		mv := oc.Post("/appointments/"+second, url.Values{"starts_at": {"2026-03-12T16:00"}, "duration_minutes": {"53"}, "service_id": {svc.ID},
			"clinician_id": {owner.ID}, "location_kind": {"office"}, "scope": {"following"}})
		if mv.StatusCode != http.StatusSeeOther {
			t.Fatalf("moving this and following: %d %s", mv.StatusCode, mv.Body)
		}
		zone, _ := time.LoadLocation("America/Chicago")
		for i, want := range []string{"15:00", "16:00", "16:00"} {
			v, err := h.App.Appointments.Get(ctx, po, future.Appointments[i].ID)
			if err != nil || v.Appointment.StartsAt.In(zone).Format("15:04") != want {
				t.Errorf("session %d after the move: %v %v, want %s", i, err, v.Appointment.StartsAt.In(zone), want)
			}
		}
		// A move onto another appointment warns, keeps the typed values, and saves on confirmation.
		onto := url.Values{"starts_at": {"2026-03-04T11:30"}, "duration_minutes": {"40"}, "service_id": {svc.ID}, "clinician_id": {owner.ID},
			"location_kind": {"office"}, "location": {"Room 4"}, "scope": {"this"}}
		warn := oc.Post("/appointments/"+future.Appointments[0].ID, onto)
		if wb := string(warn.Body); warn.StatusCode != http.StatusConflict || !strings.Contains(wb, "Save anyway") || !strings.Contains(wb, `value="Room 4"`) {
			t.Errorf("a move onto another appointment: %d, or no warning keeping the fields", warn.StatusCode)
		}
		onto.Set("op", "confirm")
		if r := oc.Post("/appointments/"+future.Appointments[0].ID, onto); r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "date=2026-03-04") {
			t.Errorf("Save anyway: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		// Cancel this one and following from the page; back to scheduled.
		if r := oc.Post("/appointments/"+second+"/status", url.Values{"status": {"cancelled"}, "scope": {"following"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("cancel this and following: %d", r.StatusCode)
		}
		third, _ := h.App.Appointments.Get(ctx, po, future.Appointments[2].ID)
		if third.Appointment.Status != model.AppointmentCancelled {
			t.Error("the following appointment is not cancelled")
		}
		week := string(oc.Get("/calendar?view=week&date=2026-03-19").Body)
		if !strings.Contains(week, "st-cancelled") {
			t.Error("the cancelled appointment is not marked on the calendar")
		}

		// Another practice's appointment answers 404, page and actions alike.
		h.AddPractice("Elsewhere", "else@example.org")
		xc := h.Client()
		xc.Login("else@example.org", apptest.StrongPassword)
		for _, r := range []apptest.Response{xc.Get("/appointments/" + past), xc.Post("/appointments/"+past+"/status", url.Values{"status": {"cancelled"}}),
			xc.Post("/appointments/"+past, url.Values{"starts_at": {"2026-03-12T16:00"}}), xc.Get("/appointments/new?chart=" + robin.ID)} {
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("another practice: %s %s answers %d", r.Request.Method, r.Request.URL.Path, r.StatusCode)
			}
		}
	})
}

// Issue 16, item 4 (GR-6): choosing a client brings their chart's default service and its length; a
// group service lets the form book several clients at once, one appointment each at the same time, and a
// service that is not a group's refuses more than one client, keeping them chosen. Proves GR-6, AP-1.
func TestBookingGroupAndDefaultService(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		ctx, po := t.Context(), apptest.As(owner)
		svc := func(name string, minutes int, group bool) model.Service {
			t.Helper()
			sv, err := h.App.Services.Create(ctx, po, model.ServiceInput{Name: &name, DurationMinutes: &minutes, Group: &group})
			if err != nil {
				t.Fatal(err)
			}
			return sv
		}
		single, group := svc("Psychotherapy", 53, false), svc("Group therapy", 90, true)
		client := func(first, last string) model.Client {
			t.Helper()
			c, err := h.App.Clients.Create(ctx, po, model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID,
				DefaultServiceID: &single.ID})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		a, b := client("Ada", "Alder"), client("Ben", "Birch")
		oc := h.Client()
		oc.Login("owner@example.org", apptest.StrongPassword)
		v := url.Values{"clinician_id": {owner.ID}, "starts_at": {"2026-03-10T09:00"}, "location_kind": {"office"}, "pick": {a.ID}, "op": {"find"}, "q": {"Birch"}}
		page := string(oc.Post("/appointments/new", v).Body)
		if !strings.Contains(page, `value="`+single.ID+`" data-minutes="53" selected`) {
			t.Error("choosing a client does not bring their default service")
		}
		if !strings.Contains(page, `type="radio" name="pick" value="`+b.ID+`"`) {
			t.Error("with a service that is not a group's, the results are not radio buttons")
		}
		two := url.Values{"clinician_id": {owner.ID}, "starts_at": {"2026-03-10T09:00"}, "location_kind": {"office"}, "chart_id": {a.ID, b.ID},
			"service_id": {single.ID}, "op": {"book"}}
		if r := oc.Post("/appointments/new", two); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "group service") ||
			!strings.Contains(string(r.Body), `name="chart_id" value="`+b.ID+`" checked`) {
			t.Errorf("two clients with a single service: %d", r.StatusCode)
		}
		two.Set("service_id", group.ID)
		if r := oc.Post("/appointments/new", two); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("a group session: %d", r.StatusCode)
		}
		rg, err := h.App.Appointments.Range(ctx, po, appointments.RangeQuery{From: "2026-03-10", To: "2026-03-11"})
		if err != nil || len(rg.Items) != 2 || rg.Items[0].GroupSessionID == "" || rg.Items[0].GroupSessionID != rg.Items[1].GroupSessionID ||
			rg.Items[0].DurationMinutes != 90 {
			t.Fatalf("the group session: %v %+v", err, rg.Items)
		}
		// Each appointment of the group session names the others.
		first := rg.Items[0]
		other := rg.Items[1]
		if page := html.UnescapeString(string(oc.Get("/appointments/" + first.ID).Body)); !strings.Contains(page, `<a href="/appointments/`+other.ID+`">`+other.ChartName+`</a>`) {
			t.Errorf("the group session's appointment page does not link %s's", other.ChartName)
		}
	})
}
