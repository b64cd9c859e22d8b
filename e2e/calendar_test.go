package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/apptest"
)

// Issue 16, item 4 (AP-1, CL-3): in Chromium the owner opens the calendar, goes back a week, clicks an
// empty slot and, in the new-appointment dialog, adds a new individual client in place, books them, sees
// the appointment on the calendar, opens it and marks it attended (the slot is in the past). axe-core
// checks every page and the open dialog on the way.
func TestBookFromTheCalendar(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	h.Setup() // the clock stands at Monday 2 March 2026, 3:00 in Chicago
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
	run(t, ctx, "booking 50 minutes",
		chromedp.SendKeys(chromedp.CSS(`#appt-dialog #f-duration_minutes`), "50"),
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
}
