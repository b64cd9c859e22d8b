package web

import (
	"net/http"
	"net/url"
	"strconv"

	"tend/internal/docpdf"
	"tend/internal/httpx"
	"tend/internal/ledger"
	"tend/internal/model"
)

// paymentsTab is the chart's Payments tab (PY-1, issue 16, item 9): the ledger newest first with its
// running balance, paged by key; the forms that record a payment or an adjustment; and the statement's
// date range.
type paymentsTab struct {
	ledger.Page
	Rows     []entryRow
	OlderURL string
	NewerURL string // the first page, once paged
	// Open is the form shown open after a refused submit: "payment", "adjustment" or "statement".
	Open       string
	Pay        form
	Adjust     form
	Statement  form
	Methods    []option
	Reasons    []option
	VoidErrors map[string]string // a refused void's message, by payment id
}

// option is a choice of a select.
type option struct{ Value, Label string }

// entryRow is one line of the timeline as the page shows it.
type entryRow struct {
	model.LedgerEntry
	Description string
	Charge      string // what it adds to the balance, or ""
	Credit      string // what it takes off, or ""
	Balance     string // the running balance after it
	CanVoid     bool
}

// loadPaymentsTab reads a page of the chart's ledger (?before= pages older) and prepares its forms.
func (s *Server) loadPaymentsTab(r *http.Request, p model.Principal, pg page, chartID string) (*paymentsTab, error) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64) // a mangled link opens the newest page
	lp, err := s.Ledger.Timeline(r.Context(), p, chartID, before)
	if err != nil {
		return nil, err
	}
	t := &paymentsTab{Page: lp, Pay: newForm(), Adjust: newForm(), Statement: newForm(), VoidErrors: map[string]string{}}
	t.Pay.Values["received_on"], t.Adjust.Values["on_date"] = lp.Today, lp.Today
	t.Statement.Values["from"], t.Statement.Values["to"] = lp.Today[:8]+"01", lp.Today
	for _, m := range model.PaymentMethods() {
		t.Methods = append(t.Methods, option{m, model.MethodLabel(m)})
	}
	for _, rs := range model.AdjustmentReasons() {
		t.Reasons = append(t.Reasons, option{rs, model.ReasonLabel(rs)})
	}
	for _, e := range lp.Entries {
		row := entryRow{LedgerEntry: e, Description: docpdf.StatementLine(e), Balance: pg.Loc.Money(e.BalanceAfterCents),
			CanVoid: lp.Caps.Record && e.Kind == model.EntryPayment && e.ReversedBy == ""}
		if e.AmountCents >= 0 {
			row.Charge = pg.Loc.Money(e.AmountCents)
		} else {
			row.Credit = pg.Loc.Money(-e.AmountCents)
		}
		t.Rows = append(t.Rows, row)
	}
	if lp.Next != 0 {
		t.OlderURL = "/clients/" + chartID + "?" + url.Values{"tab": {"payments"}, "before": {strconv.FormatInt(lp.Next, 10)}}.Encode()
	}
	if before != 0 {
		t.NewerURL = "/clients/" + chartID + "?tab=payments"
	}
	return t, nil
}

// paymentsBack is the Payments tab.
func paymentsBack(chartID string) string { return "/clients/" + chartID + "?tab=payments#payments" }

// renderPayments shows the Payments tab again with a refused form open, keeping what was typed.
func (s *Server) renderPayments(w http.ResponseWriter, r *http.Request, p model.Principal, open string, f form) error {
	r2 := r.Clone(r.Context())
	r2.URL = &url.URL{Path: "/clients/" + r.PathValue("id"), RawQuery: "tab=payments"}
	data, err := s.chartData(w, r2, p, "", newForm())
	if err != nil {
		return err
	}
	if data.Payments == nil {
		return model.ErrNotFound
	}
	data.Payments.Open = open
	switch open {
	case "payment":
		data.Payments.Pay = f
	case "adjustment":
		data.Payments.Adjust = f
	case "statement":
		data.Payments.Statement = f
	}
	s.render(w, r, http.StatusUnprocessableEntity, "client_chart", data)
	return nil
}

// paymentSubmit records a payment.
func (s *Server) paymentSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "amount", "method", "received_on", "reference")
	chartID := r.PathValue("id")
	in := ledger.PaymentInput{Amount: f.Get("amount"), Method: f.Get("method"), ReceivedOn: f.Get("received_on"), Reference: f.Get("reference")}
	e, err := s.Ledger.RecordPayment(r.Context(), p, chartID, in)
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		return s.renderPayments(w, r, p, "payment", f)
	}
	pg, err := s.base(w, r, p, "", "clients")
	if err != nil {
		return err
	}
	s.setFlash(w, "The payment of "+pg.Loc.Money(-e.AmountCents)+" is recorded.")
	http.Redirect(w, r, paymentsBack(chartID), http.StatusSeeOther)
	return nil
}

// adjustmentSubmit records an adjustment; direction "credit" takes the amount off the balance.
func (s *Server) adjustmentSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "amount", "direction", "reason", "on_date", "memo")
	chartID := r.PathValue("id")
	in := ledger.AdjustmentInput{Amount: f.Get("amount"), Credit: f.Get("direction") != "debit", Reason: f.Get("reason"), OnDate: f.Get("on_date"), Memo: f.Get("memo")}
	if _, err := s.Ledger.Adjust(r.Context(), p, chartID, in); err != nil {
		if !validation(err, &f) {
			return err
		}
		return s.renderPayments(w, r, p, "adjustment", f)
	}
	s.setFlash(w, "The adjustment is recorded.")
	http.Redirect(w, r, paymentsBack(chartID), http.StatusSeeOther)
	return nil
}

// paymentVoid voids a payment with a new, opposite entry; the payment stays in the timeline.
func (s *Server) paymentVoid(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	chartID := r.PathValue("id")
	if _, err := s.Ledger.VoidPayment(r.Context(), p, chartID, r.PathValue("entry"), r.PostFormValue("memo")); err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		s.setFlash(w, "This payment is already voided.")
		http.Redirect(w, r, paymentsBack(chartID), http.StatusSeeOther)
		return nil
	}
	s.setFlash(w, "The payment is voided.")
	http.Redirect(w, r, paymentsBack(chartID), http.StatusSeeOther)
	return nil
}

// statementPDF downloads the chart's statement for ?from=&to=; bad dates show the tab with the
// statement form's messages.
func (s *Server) statementPDF(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	q := r.URL.Query()
	pdf, err := s.Ledger.Statement(r.Context(), p, r.PathValue("id"), q.Get("from"), q.Get("to"))
	if err != nil {
		f := newForm()
		f.Values["from"], f.Values["to"] = q.Get("from"), q.Get("to")
		if !validation(err, &f) {
			return err
		}
		return s.renderPayments(w, r, p, "statement", f)
	}
	httpx.WritePDF(w, pdf.Filename, pdf.Bytes)
	return nil
}
