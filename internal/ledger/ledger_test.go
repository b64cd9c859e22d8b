package ledger_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/ledger"
	"tend/internal/model"
	"tend/internal/pdftest"
	"tend/internal/store"
	"tend/internal/testdb"
)

var ctx = context.Background()

func str(s string) *string                           { return &s }
func num(n int) *int                                 { return &n }
func cents(n int64) *int64                           { return &n }
func billing(b model.BillingType) *model.BillingType { return &b }

type world struct {
	h                 *apptest.Harness
	owner, clin, bill model.Staff
	colleague, other  model.Staff
	chart, notBilled  model.Client
	colChart          model.Client
	svc               model.Service // 90837, 150.00
	led               *ledger.Service
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	h := apptest.New(t, d)
	_, owner := h.Setup()
	w := world{h: h, owner: owner, led: h.App.Ledger}
	w.clin = h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
	w.bill = h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
	w.colleague = h.AddStaff(owner, "Col League", "col@example.org", model.RoleClinician)
	_, w.other = h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
	mk := func(first, last, clinician string, b model.BillingType) model.Client {
		c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: str(first), LastName: str(last),
			AssignedClinicianID: &clinician, BillingType: billing(b), DateOfBirth: str("1990-05-17")})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.chart = mk("Robin", "Rivera", w.clin.ID, model.BillingCash)
	w.notBilled = mk("Sam", "Stone", w.clin.ID, model.BillingNone)
	w.colChart = mk("Uma", "Ulm", w.colleague.ID, model.BillingCash)
	var err error
	w.svc, err = h.App.Services.Create(ctx, apptest.As(owner), model.ServiceInput{Name: str("Psychotherapy, 53 min"), Code: str("90837"),
		DurationMinutes: num(53), RateCents: cents(15000)})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// session books an appointment on the chart at start (local time) with the service, and moves the clock
// past it so it can be marked.
func (w world) session(t *testing.T, chartIDs []string, start string) []store.AppointmentRow {
	t.Helper()
	b, err := w.h.App.Appointments.Book(ctx, apptest.As(w.owner), appointments.BookInput{ChartIDs: chartIDs, ClinicianID: w.clin.ID,
		ServiceID: w.svc.ID, Start: start, ConfirmOverlap: true})
	if err != nil {
		t.Fatalf("book: %v", err)
	}
	return b.Appointments
}

func (w world) status(t *testing.T, apptID string, st model.AppointmentStatus) {
	t.Helper()
	if _, err := w.h.App.Appointments.SetStatus(ctx, apptest.As(w.owner), apptID, st, ""); err != nil {
		t.Fatalf("status %s: %v", st, err)
	}
}

// balance reads the kept balance and checks it against the sum of the entries and the newest entry's
// balance after it.
func (w world) balance(t *testing.T, chartID string) int64 {
	t.Helper()
	q := w.h.App.Outbox.Store.R()
	c, err := store.ClientByID(ctx, q, w.owner.PracticeID, chartID)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := store.LedgerSum(ctx, q, chartID)
	if err != nil {
		t.Fatal(err)
	}
	if sum != c.BalanceCents {
		t.Errorf("kept balance %d, sum of entries %d", c.BalanceCents, sum)
	}
	if es, _ := store.LedgerPage(ctx, q, chartID, 0, 1); len(es) == 1 && es[0].BalanceAfterCents != sum {
		t.Errorf("newest entry's balance after %d, sum %d", es[0].BalanceAfterCents, sum)
	}
	return c.BalanceCents
}

func fieldErr(err error, field string) string {
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields[field]
	}
	return ""
}

// Issue 16, item 9: attended charges the service's rate; a no-show the practice's fee (none by default,
// then the rate, then a fixed amount); back to scheduled reverses the charge and attended again charges
// once more, never two live charges; a chart that is not billed gets none; the kept balance always equals
// the sum of the entries. Proves PY-1.
func TestStatusChangesChargeAndReverse(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		appts := w.session(t, []string{w.chart.ID}, "2026-03-03T10:00")
		nb := w.session(t, []string{w.notBilled.ID}, "2026-03-03T12:00")
		w.h.Clock.Advance(72 * time.Hour)
		a := appts[0].ID
		w.status(t, a, model.AppointmentAttended)
		if got := w.balance(t, w.chart.ID); got != 15000 {
			t.Fatalf("attended: balance %d, want 15000", got)
		}
		w.status(t, a, model.AppointmentScheduled)
		if got := w.balance(t, w.chart.ID); got != 0 {
			t.Fatalf("back to scheduled: balance %d, want 0", got)
		}
		w.status(t, a, model.AppointmentAttended)
		w.status(t, a, model.AppointmentAttended) // unchanged: no second charge
		if got := w.balance(t, w.chart.ID); got != 15000 {
			t.Fatalf("attended again: balance %d, want 15000", got)
		}
		live, err := store.LiveCharge(ctx, w.h.App.Outbox.Store.R(), a)
		if err != nil || live.AmountCents != 15000 || live.ServiceCode != "90837" || live.OnDate != "2026-03-03" {
			t.Fatalf("live charge %+v, %v", live, err)
		}
		// No-show: no fee by default, so the charge is reversed and none follows.
		w.status(t, a, model.AppointmentNoShow)
		if got := w.balance(t, w.chart.ID); got != 0 {
			t.Fatalf("no-show without a fee: balance %d", got)
		}
		for _, c := range []struct {
			fee   string
			cents int64
			want  int64
		}{{model.NoShowFeeRate, 0, 15000}, {model.NoShowFeeFixed, 4000, 4000}} {
			if _, err := w.h.App.Accounts.ChangePracticeSettings(ctx, apptest.As(w.owner), model.PracticeSettingsChange{NoShowFee: &c.fee, NoShowFeeCents: &c.cents}); err != nil {
				t.Fatal(err)
			}
			w.status(t, a, model.AppointmentScheduled)
			w.status(t, a, model.AppointmentNoShow)
			if got := w.balance(t, w.chart.ID); got != c.want {
				t.Errorf("no-show fee %s: balance %d, want %d", c.fee, got, c.want)
			}
		}
		// Late cancel carries no charge.
		w.status(t, a, model.AppointmentLateCancel)
		if got := w.balance(t, w.chart.ID); got != 0 {
			t.Errorf("late cancel: balance %d", got)
		}
		// Not billed: attended makes no charge.
		w.status(t, nb[0].ID, model.AppointmentAttended)
		if got := w.balance(t, w.notBilled.ID); got != 0 {
			t.Errorf("not billed: balance %d", got)
		}
		pg, err := w.led.Timeline(ctx, apptest.As(w.bill), w.chart.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		live2 := 0
		for _, e := range pg.Entries {
			if e.Kind == model.EntryCharge && e.ReversedBy == "" {
				live2++
			}
		}
		if live2 != 0 {
			t.Errorf("live charges after late cancel: %d", live2)
		}
	})
}

// Issue 16, item 9: re-pricing an attended appointment's service reverses its charge and charges the new
// rate; a group session charges each client's chart. Proves PY-1.
func TestEditRepricesAndGroupChargesEach(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		intake, err := w.h.App.Services.Create(ctx, apptest.As(w.owner), model.ServiceInput{Name: str("Intake"), Code: str("90791"),
			DurationMinutes: num(60), RateCents: cents(20000)})
		if err != nil {
			t.Fatal(err)
		}
		group := w.session(t, []string{w.chart.ID, w.colChart.ID}, "2026-03-03T10:00")
		w.h.Clock.Advance(72 * time.Hour)
		for _, a := range group {
			w.status(t, a.ID, model.AppointmentAttended)
		}
		if w.balance(t, w.chart.ID) != 15000 || w.balance(t, w.colChart.ID) != 15000 {
			t.Fatalf("group: each client's chart is charged")
		}
		if _, err := w.h.App.Appointments.Edit(ctx, apptest.As(w.owner), group[0].ID, appointments.EditInput{ServiceID: &intake.ID}); err != nil {
			t.Fatal(err)
		}
		if got := w.balance(t, w.chart.ID); got != 20000 {
			t.Fatalf("re-priced: balance %d, want 20000", got)
		}
		live, err := store.LiveCharge(ctx, w.h.App.Outbox.Store.R(), group[0].ID)
		if err != nil || live.ServiceCode != "90791" {
			t.Fatalf("live charge after re-pricing: %+v %v", live, err)
		}
	})
}

// Issue 16, item 9: payments lower the balance and adjustments move it either way; a void is a new entry
// and the payment stays, marked; the timeline is newest first with each entry's running balance, paged
// by key; bad amounts, methods and dates are refused with field errors and nothing saved. Proves PY-1.
func TestPaymentsAdjustmentsAndTimeline(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		appts := w.session(t, []string{w.chart.ID}, "2026-03-03T10:00")
		w.h.Clock.Advance(72 * time.Hour)
		w.status(t, appts[0].ID, model.AppointmentAttended)
		as := apptest.As(w.bill)
		pay, err := w.led.RecordPayment(ctx, as, w.chart.ID, ledger.PaymentInput{Amount: "100.00", Method: model.MethodCard, ReceivedOn: "2026-03-04", Reference: "visa 4242"})
		if err != nil || pay.AmountCents != -10000 || pay.BalanceAfterCents != 5000 {
			t.Fatalf("payment %+v %v", pay, err)
		}
		if _, err := w.led.Adjust(ctx, as, w.chart.ID, ledger.AdjustmentInput{Amount: "20", Credit: true, Reason: model.ReasonDiscount}); err != nil {
			t.Fatal(err)
		}
		if got := w.balance(t, w.chart.ID); got != 3000 {
			t.Fatalf("after payment and discount: %d", got)
		}
		if _, err := w.led.VoidPayment(ctx, as, w.chart.ID, pay.ID, "wrong card"); err != nil {
			t.Fatal(err)
		}
		if got := w.balance(t, w.chart.ID); got != 13000 {
			t.Fatalf("after void: %d", got)
		}
		var ce *model.ConflictError
		if _, err := w.led.VoidPayment(ctx, as, w.chart.ID, pay.ID, ""); !errors.As(err, &ce) {
			t.Errorf("second void: %v", err)
		}
		pg, err := w.led.Timeline(ctx, as, w.chart.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		var running []int64
		for _, e := range pg.Entries {
			kinds, running = append(kinds, string(e.Kind)), append(running, e.BalanceAfterCents)
		}
		if strings.Join(kinds, ",") != "payment_void,adjustment,payment,charge" || running[0] != 13000 || running[1] != 3000 || running[2] != 5000 || running[3] != 15000 {
			t.Errorf("timeline %v %v", kinds, running)
		}
		if pg.Entries[2].ReversedBy == "" || pg.BalanceCents != 13000 {
			t.Errorf("voided payment not marked, or balance %d", pg.BalanceCents)
		}

		// Bad input, nothing saved.
		for _, c := range []struct {
			in    ledger.PaymentInput
			field string
		}{
			{ledger.PaymentInput{AmountCents: cents(100_000_001), Method: "cash"}, "amount_cents"},
			{ledger.PaymentInput{Amount: "1000000.01", Method: "cash"}, "amount"},
			{ledger.PaymentInput{Amount: "0", Method: "cash"}, "amount"},
			{ledger.PaymentInput{Amount: "-5", Method: "cash"}, "amount"},
			{ledger.PaymentInput{AmountCents: cents(-5), Method: "cash"}, "amount_cents"},
			{ledger.PaymentInput{Amount: "12.345", Method: "cash"}, "amount"},
			{ledger.PaymentInput{Amount: "10", Method: "bitcoin"}, "method"},
			{ledger.PaymentInput{Amount: "10", Method: "cash", ReceivedOn: "2026-02-30"}, "received_on"},
			{ledger.PaymentInput{Amount: "10", Method: "cash", ReceivedOn: "2027-01-01"}, "received_on"},
		} {
			if _, err := w.led.RecordPayment(ctx, as, w.chart.ID, c.in); fieldErr(err, c.field) == "" {
				t.Errorf("%+v: want a problem on %s, got %v", c.in, c.field, err)
			}
		}
		if _, err := w.led.RecordPayment(ctx, as, w.chart.ID, ledger.PaymentInput{AmountCents: cents(100_000_000), Method: "cash"}); err != nil {
			t.Errorf("a payment of exactly 1,000,000: %v", err)
		}
		if _, err := w.led.Adjust(ctx, as, w.chart.ID, ledger.AdjustmentInput{AmountCents: cents(0), Reason: "write_off"}); fieldErr(err, "amount_cents") == "" {
			t.Errorf("zero adjustment: %v", err)
		}
		if got := w.balance(t, w.chart.ID); got != 13000-100_000_000 {
			t.Errorf("bad input changed the balance: %d", got)
		}
		// Another practice's chart, and a colleague's chart for a clinician, answer like missing ones.
		if _, err := w.led.RecordPayment(ctx, apptest.As(w.other), w.chart.ID, ledger.PaymentInput{Amount: "10", Method: "cash"}); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("other practice: %v", err)
		}
		if _, err := w.led.Timeline(ctx, apptest.As(w.clin), w.colChart.ID, 0); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("colleague's chart: %v", err)
		}
		if _, err := w.led.RecordPayment(ctx, apptest.As(w.clin), w.chart.ID, ledger.PaymentInput{Amount: "10", Method: "cash"}); err != nil {
			t.Errorf("clinician on own chart: %v", err)
		}
	})
}

// Issue 16, item 9: 60 entries page 25 at a time by key, each page's running balance continuing the last.
// Proves PY-1.
func TestTimelinePagesByKey(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		as := apptest.As(w.bill)
		for i := 0; i < 60; i++ {
			if _, err := w.led.Adjust(ctx, as, w.chart.ID, ledger.AdjustmentInput{AmountCents: cents(100), Reason: model.ReasonCorrection}); err != nil {
				t.Fatal(err)
			}
		}
		var seen []int64
		before := int64(0)
		for pages := 0; pages < 5; pages++ {
			pg, err := w.led.Timeline(ctx, as, w.chart.ID, before)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range pg.Entries {
				seen = append(seen, e.BalanceAfterCents)
			}
			if before = pg.Next; before == 0 {
				break
			}
		}
		if len(seen) != 60 || seen[0] != 6000 || seen[59] != 100 {
			t.Fatalf("pages: %d entries, first %v", len(seen), seen[:min(3, len(seen))])
		}
		for i := 1; i < len(seen); i++ {
			if seen[i] != seen[i-1]-100 {
				t.Fatalf("running balance breaks at %d: %v", i, seen[i-1:i+1])
			}
		}
		if w.balance(t, w.chart.ID) != 6000 {
			t.Error("balance")
		}
	})
}

// Issue 16, item 9: the statement PDF, read back, names the practice, the client's legal name and date of
// birth, the diagnosis codes and nothing else clinical, each session's date, CPT code and amount, the
// payments, and the opening and closing balances of the period. Proves PY-1.
func TestStatementPDF(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		if _, err := w.h.App.Clinical.AddDiagnosis(ctx, apptest.As(w.owner), w.chart.ID, model.DiagnosisInput{Code: "F41.1", Primary: true, Label: "Worry most days"}); err != nil {
			t.Fatal(err)
		}
		feb := w.session(t, []string{w.chart.ID}, "2026-02-24T10:00")
		mar := w.session(t, []string{w.chart.ID}, "2026-03-03T10:00")
		w.h.Clock.Advance(72 * time.Hour)
		w.status(t, feb[0].ID, model.AppointmentAttended)
		w.status(t, mar[0].ID, model.AppointmentAttended)
		if _, err := w.led.RecordPayment(ctx, apptest.As(w.bill), w.chart.ID, ledger.PaymentInput{Amount: "100", Method: model.MethodCheck, ReceivedOn: "2026-03-04", Reference: "check 1207"}); err != nil {
			t.Fatal(err)
		}
		pdf, err := w.led.Statement(ctx, apptest.As(w.bill), w.chart.ID, "2026-03-01", "2026-03-31")
		if err != nil {
			t.Fatal(err)
		}
		text, err := pdftest.Text(pdf.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.ReplaceAll(text, "\n", " ")
		for _, want := range []string{"Statement", "Robin Rivera", "Date of birth: 05/17/1990", "F41.1 — Generalized anxiety disorder", "90837", "Opening balance", "$150.00",
			"Payment, check (check 1207)", "$100.00", "Closing balance", "$200.00", "03/03/2026"} {
			if !strings.Contains(flat, want) {
				t.Errorf("statement lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(flat, "Worry most days") {
			t.Error("the statement shows the clinician's own words for a diagnosis")
		}
		if _, err := w.led.Statement(ctx, apptest.As(w.bill), w.chart.ID, "2026-03-31", "2026-03-01"); fieldErr(err, "to") == "" {
			t.Errorf("reversed period: %v", err)
		}
	})
}
