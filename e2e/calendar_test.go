package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
	"tend/internal/model"
)

// Issue 16, items 4, 8, 9 and 12 (AP-1, CL-3, NT-2, PY-1): in Chromium the owner opens the calendar, goes
// back a week, clicks an empty slot and, in the new-appointment dialog, adds a new individual client in
// place, books them for a 50-minute psychotherapy session, sees the appointment on the calendar, opens it
// and marks it attended (the slot is in the past); writes the session's note from the appointment, with
// its date and length filled in; then records a payment on the Payments tab, whose timeline holds the
// session's charge at the service's rate, and sees the balance in the chart's header and on the client
// list. axe-core checks every page and the open dialog on the way.
// Proves AP-1, CL-3, NT-2, PY-1.
func TestBookFromTheCalendar(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	_, owner := h.Setup() // the clock stands at Monday 2 March 2026, 3:00 in Chicago
	name, code, mins, rate := "Psychotherapy, 53 minutes", "90837", 53, int64(16000)
	if _, err := h.App.Services.Create(context.Background(), apptest.As(owner), model.ServiceInput{Name: &name, Code: &code, DurationMinutes: &mins, RateCents: &rate}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	base := h.Server.URL
	signIn(t, ctx, base)
	slot := `a.cal-slot[href*="start=2026-02-24T10%3A00"]`
	run(t, ctx, "opening last week's calendar",
		chromedp.Navigate(base+"/calendar"),
		chromedp.Click(chromedp.CSS(`a[rel="prev"]`)),
		chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "02/23/2026")]`)),
		chromedp.Click(chromedp.CSS(slot)),
		chromedp.WaitVisible(chromedp.CSS(`#appt-dialog #appt-form`)),
	)
	if v := get(t, ctx, "the slot's time", chromedp.Value(chromedp.CSS(`#appt-dialog #f-starts_at`))); v != "2026-02-24T10:00" {
		t.Fatalf("the dialog opens at %q, want the slot's 2026-02-24T10:00", v)
	}
	run(t, ctx, "adding a new individual client in the dialog",
		chromedp.SendKeys(chromedp.CSS(`#appt-dialog #f-q`), "Nguyen"),
		chromedp.WaitVisible(chromedp.Search(`//*[@id="client-choices"]//p[contains(., "No client matches")]`)),
		chromedp.Click(chromedp.Search(`//dialog//button[.="Add a client"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#appt-dialog [id="f-new.first_name"]`)),
		chromedp.SendKeys(chromedp.CSS(`#appt-dialog [id="f-new.first_name"]`), "Noa"),
		chromedp.SendKeys(chromedp.CSS(`#appt-dialog [id="f-new.last_name"]`), "Nguyen"),
		chromedp.Click(chromedp.Search(`//dialog//button[.="Create client and continue"]`)),
		chromedp.WaitVisible(chromedp.Search(`//dialog//p[@class="chosen"][contains(., "Noa Nguyen")]`)),
	)
	run(t, ctx, "booking 50 minutes of psychotherapy",
		chromedp.SetValue(chromedp.CSS(`#appt-dialog #f-service_id`), get(t, ctx, "the service's option", chromedp.Evaluate[string](`document.querySelector('#appt-dialog #f-service_id option:not([value=""])').value`))),
		chromedp.SetValue(chromedp.CSS(`#appt-dialog #f-duration_minutes`), "50"),
		chromedp.Click(chromedp.Search(`//dialog//button[.="Book"][contains(@class, "primary")]`)),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(@class, "cal-appt")][contains(., "Noa Nguyen")]`)),
	)
	mustContain(t, "the calendar after booking", textOf(t, ctx, ".flash"), "The appointment is booked.")
	if tue := textOf(t, ctx, `section.cal-col[aria-label^="Tue"]`); !strings.Contains(tue, "Noa Nguyen") || !strings.Contains(tue, "10:00 AM–10:50 AM") {
		t.Errorf("Tuesday's column reads %q, want Noa Nguyen at 10:00 AM–10:50 AM", tue)
	}
	run(t, ctx, "opening the appointment and marking it attended",
		chromedp.Click(chromedp.Search(`//a[contains(@class, "cal-appt")][contains(., "Noa Nguyen")]`)),
		chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "Noa Nguyen")]`)),
		chromedp.Click(chromedp.Search(`//button[.="Mark Attended"]`)),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(@class, "cal-appt")][contains(@class, "st-attended")][contains(., "Noa Nguyen")]`)),
	)
	mustContain(t, "the calendar after marking", textOf(t, ctx, ".flash"), "marked attended")
	run(t, ctx, "the appointment page offers the note",
		chromedp.Click(chromedp.Search(`//a[contains(@class, "cal-appt")][contains(., "Noa Nguyen")]`)),
		chromedp.WaitVisible(chromedp.Search(`//a[.="Write note"]`)),
	)
	run(t, ctx, "writing the note from the appointment",
		chromedp.Click(chromedp.Search(`//a[.="Write note"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#new-note .note-fill`)),
	)
	mustContain(t, "the new note's session", textOf(t, ctx, `#new-note .note-fill`), "For the session of 02/24/2026, 50 min, Psychotherapy, 53 minutes.")
	run(t, ctx, "a SOAP note",
		chromedp.SetValue(chromedp.CSS(`#f-template`), "soap"),
		chromedp.Click(chromedp.Search(`//button[.="New note"]`)),
		chromedp.WaitVisible(chromedp.CSS(section("subjective"))),
		chromedp.SendKeys(chromedp.CSS(section("subjective")), "First session; came in after a referral from her GP."),
		chromedp.Click(chromedp.Search(`//button[.="Save draft"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	for field, want := range map[string]string{`#f-service_date`: "2026-02-24", `#f-duration_minutes`: "50", `#f-service_type`: "Psychotherapy, 53 minutes"} {
		if got := get(t, ctx, "the note's "+field, chromedp.Value(chromedp.CSS(field))); got != want {
			t.Errorf("the note written from the appointment has %s %q, want %q", field, got, want)
		}
	}
	notePath := get(t, ctx, "the note's address", chromedp.Evaluate[string](`location.pathname`))
	chart, _, _ := strings.Cut(notePath, "/notes/")
	run(t, ctx, "the Payments tab",
		chromedp.Navigate(base+chart),
		chromedp.Click(chromedp.Search(`//nav[@class="tabs"]//a[.="Payments"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.ledger-table`)),
	)
	mustContain(t, "the session's charge", textOf(t, ctx, `table.ledger-table`), "90837 Psychotherapy, 53 minutes")
	mustContain(t, "the balance before paying", textOf(t, ctx, `.chart-balance`), "$160.00")
	run(t, ctx, "a payment of 100 by card",
		chromedp.Click(chromedp.Search(`//summary[.="Record a payment"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-pay-amount`)),
		chromedp.SendKeys(chromedp.CSS(`#f-pay-amount`), "100"),
		chromedp.SetValue(chromedp.CSS(`#f-pay-method`), "card"),
		chromedp.Click(chromedp.Search(`//button[.="Record the payment"]`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "The payment of $100.00 is recorded.")]`)),
	)
	mustContain(t, "the balance after paying", textOf(t, ctx, `.chart-balance`), "$60.00")
	run(t, ctx, "the client list", chromedp.Navigate(base+"/clients"), chromedp.WaitVisible(chromedp.CSS(`td.balance-cell`)))
	mustContain(t, "the client list's balance", textOf(t, ctx, `tr:has(td.balance-cell)`), "Noa Nguyen")
	mustContain(t, "the client list's balance", textOf(t, ctx, `td.balance-cell`), "$60.00")
}
