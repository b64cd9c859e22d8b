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
	"tend/internal/pdftest"
	"tend/internal/testdb"
)

// Issue 16, item 9: the Payments tab shows an attended session's charge with its CPT code and date and
// the running balance; billing staff record a payment and an adjustment and void the payment from it; a
// payment over 1,000,000 comes back with the message beside the amount and what was typed kept; the
// balance shows in the chart header on every tab and in the client list's Balance column; billing staff
// see no clinical tab; the statement downloads as a PDF with the practice, legal name and codes.
// Proves PY-1.
func TestPaymentsTab(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		ctx, po := t.Context(), apptest.As(owner)
		bea := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		if err := h.App.Accounts.ChangePassword(ctx, apptest.As(bea), apptest.StrongPassword, staffPassword, false); err != nil {
			t.Fatal(err)
		}
		first, last, cash := "Robin", "Rivera", model.BillingCash
		c, err := h.App.Clients.Create(ctx, po, model.ClientChange{FirstName: &first, LastName: &last, AssignedClinicianID: &owner.ID, BillingType: &cash})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Clinical.AddDiagnosis(ctx, po, c.ID, model.DiagnosisInput{Code: "F41.1", Primary: true}); err != nil {
			t.Fatal(err)
		}
		name, code, mins, rate := "Psychotherapy, 53 minutes", "90837", 53, int64(15000)
		svc, err := h.App.Services.Create(ctx, po, model.ServiceInput{Name: &name, Code: &code, DurationMinutes: &mins, RateCents: &rate})
		if err != nil {
			t.Fatal(err)
		}
		b, err := h.App.Appointments.Book(ctx, po, appointments.BookInput{ChartIDs: []string{c.ID}, ServiceID: svc.ID, Start: "2026-02-26T10:00", ConfirmOverlap: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Appointments.SetStatus(ctx, po, b.Appointments[0].ID, model.AppointmentAttended, ""); err != nil {
			t.Fatal(err)
		}
		bc := h.Client()
		bc.Login("bea@example.org", staffPassword)
		chart := "/clients/" + c.ID
		page := html.UnescapeString(string(bc.Get(chart + "?tab=payments").Body))
		for _, want := range []string{"90837 Psychotherapy, 53 minutes", "02/26/2026", "$150.00", "Record a payment", "Balance"} {
			if !strings.Contains(page, want) {
				t.Errorf("Payments tab lacks %q", want)
			}
		}
		if strings.Contains(page, "?tab=clinical") || strings.Contains(page, "?tab=notes") {
			t.Error("billing staff see a clinical tab")
		}
		r := bc.Post(chart+"/payments", url.Values{"amount": {"1000000.01"}, "method": {"card"}, "received_on": {"2026-03-01"}, "reference": {"visa 4242"}})
		page = html.UnescapeString(string(r.Body))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "cannot be more than 1,000,000.00") ||
			!strings.Contains(page, `value="1000000.01"`) || !strings.Contains(page, `value="visa 4242"`) {
			t.Fatalf("an oversized payment: %d", r.StatusCode)
		}
		if r := bc.Post(chart+"/payments", url.Values{"amount": {"100"}, "method": {"check"}, "received_on": {"2026-03-01"}, "reference": {"check 1207"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("payment: %d %s", r.StatusCode, r.Body)
		}
		if r := bc.Post(chart+"/adjustments", url.Values{"amount": {"20"}, "direction": {"credit"}, "reason": {"discount"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("adjustment: %d %s", r.StatusCode, r.Body)
		}
		page = html.UnescapeString(string(bc.Get(chart + "?tab=details").Body))
		if !strings.Contains(page, `class="chart-balance"`) || !strings.Contains(page, "$30.00") {
			t.Error("the chart header on Details does not show the balance of $30.00")
		}
		list := html.UnescapeString(string(bc.Get("/clients").Body))
		if !strings.Contains(list, ">Balance</th>") || !strings.Contains(list, "$30.00") {
			t.Error("the client list has no Balance column with $30.00")
		}
		pg, err := h.App.Ledger.Timeline(ctx, po, c.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		payID := pg.Entries[1].ID
		if pg.Entries[1].Kind != model.EntryPayment {
			t.Fatalf("entries: %+v", pg.Entries)
		}
		if r := bc.Post(chart+"/payments/"+payID+"/void", url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("void: %d", r.StatusCode)
		}
		page = html.UnescapeString(string(bc.Get(chart + "?tab=payments").Body))
		if !strings.Contains(page, "Voided: Payment, check (check 1207)") || !strings.Contains(page, "$130.00") {
			t.Error("the timeline does not show the void and the balance of $130.00")
		}
		r = bc.Get(chart + "/statement.pdf?from=2026-02-01&to=2026-03-02")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("statement: %d", r.StatusCode)
		}
		text, err := pdftest.Text(r.Body)
		if err != nil || !strings.Contains(text, "F41.1") || !strings.Contains(text, "Robin Rivera") || !strings.Contains(text, "90837") {
			t.Errorf("statement: %v\n%s", err, text)
		}
		if r := bc.Get(chart + "/statement.pdf?from=2026-03-02&to=bogus"); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "Enter a date like") {
			t.Errorf("a bad statement date: %d", r.StatusCode)
		}
	})
}
