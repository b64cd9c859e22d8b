package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/model"
)

// Issue 16, item 9 (PY-1): in Chromium the attended session's charge is on the Payments tab with the
// balance; a payment over 1,000,000 is refused next to the amount with what was typed kept; a payment of
// 100 by check brings the balance in the chart's header to $50.00; the client list shows it; the tab and
// the list fit a 375 px screen with every input labelled. axe-core checks every page on the way.
// Proves PY-1.
func TestPaymentInTheBrowser(t *testing.T) {
	t.Parallel()
	h := apptest.New(t, testdbFor(t))
	ctx0 := context.Background()
	_, owner := h.Setup()
	first, last, cash := "Robin", "Rivera", model.BillingCash
	po := apptest.As(owner)
	c, err := h.App.Clients.Create(ctx0, po, model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID, BillingType: &cash})
	if err != nil {
		t.Fatal(err)
	}
	name, code, mins, rate := "Psychotherapy, 53 minutes", "90837", 53, int64(15000)
	svc, err := h.App.Services.Create(ctx0, po, model.ServiceInput{Name: &name, Code: &code, DurationMinutes: &mins, RateCents: &rate})
	if err != nil {
		t.Fatal(err)
	}
	b, err := h.App.Appointments.Book(ctx0, po, appointments.BookInput{ChartIDs: []string{c.ID}, ServiceID: svc.ID, Start: "2026-02-26T10:00", ConfirmOverlap: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Appointments.SetStatus(ctx0, po, b.Appointments[0].ID, model.AppointmentAttended, ""); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	base := h.Server.URL
	signIn(t, ctx, base)
	run(t, ctx, "opening the Payments tab",
		chromedp.Navigate(base+"/clients/"+c.ID),
		chromedp.Click(chromedp.Search(`//nav[@class="tabs"]//a[.="Payments"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.ledger-table`)),
	)
	mustContain(t, "the timeline", textOf(t, ctx, `table.ledger-table`), "90837 Psychotherapy, 53 minutes")
	mustContain(t, "the header's balance", textOf(t, ctx, `.chart-balance`), "$150.00")
	run(t, ctx, "a payment of 2,000,000",
		chromedp.Click(chromedp.Search(`//summary[.="Record a payment"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-pay-amount`)),
		chromedp.SendKeys(chromedp.CSS(`#f-pay-amount`), "2000000"),
		chromedp.SetValue(chromedp.CSS(`#f-pay-method`), "check"),
		chromedp.SendKeys(chromedp.CSS(`#f-pay-reference`), "check 1207"),
		chromedp.Click(chromedp.Search(`//button[.="Record the payment"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-pay-amount-error`)),
	)
	mustContain(t, "the amount's message", textOf(t, ctx, `#f-pay-amount-error`), "cannot be more than 1,000,000.00")
	if got := get(t, ctx, "the amount typed", chromedp.Value(chromedp.CSS(`#f-pay-amount`))); got != "2000000" {
		t.Errorf("the refused amount was not kept: %q", got)
	}
	run(t, ctx, "a payment of 100 by check",
		chromedp.SetValue(chromedp.CSS(`#f-pay-amount`), "100"),
		chromedp.Click(chromedp.Search(`//button[.="Record the payment"]`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "The payment of $100.00 is recorded.")]`)),
	)
	mustContain(t, "the header's balance after the payment", textOf(t, ctx, `.chart-balance`), "$50.00")
	mustContain(t, "the timeline after the payment", textOf(t, ctx, `table.ledger-table`), "Payment, check (check 1207)")
	run(t, ctx, "the client list", chromedp.Navigate(base+"/clients"), chromedp.WaitVisible(chromedp.CSS(`td.balance-cell`)))
	mustContain(t, "the client list's balance", textOf(t, ctx, `td.balance-cell`), "$50.00")
	run(t, ctx, "a phone's width", chromedp.EmulateViewport(375, 800))
	checkNarrow(t, ctx, base, "/clients/"+c.ID+"?tab=payments")
	checkNarrow(t, ctx, base, "/clients")
}
