package api

import (
	"net/http"
	"strconv"
	"time"

	"tend/internal/httpx"
	"tend/internal/ledger"
	"tend/internal/model"
)

// A chart's ledger (PY-1, issue 16, items 9 and 11). Money is integer cents: amount_cents is signed by
// what an entry does to the balance the client owes (a charge adds, a payment subtracts).

type entryJSON struct {
	ID                string    `json:"id"`
	ClientID          string    `json:"client_id"`
	Seq               int64     `json:"seq"`
	Kind              string    `json:"kind"`
	AmountCents       int64     `json:"amount_cents"`
	BalanceAfterCents int64     `json:"balance_after_cents"`
	Date              string    `json:"date"`
	AppointmentID     string    `json:"appointment_id"`
	ServiceName       string    `json:"service_name"`
	ServiceCode       string    `json:"service_code"`
	Method            string    `json:"method"`
	Reference         string    `json:"reference"`
	Reason            string    `json:"reason"`
	Memo              string    `json:"memo"`
	ReversesID        string    `json:"reverses_id"`
	ReversedBy        string    `json:"reversed_by"`
	CreatedBy         string    `json:"created_by"`
	CreatedAt         time.Time `json:"created_at"`
}

func toEntry(e model.LedgerEntry) entryJSON {
	return entryJSON{ID: e.ID, ClientID: e.ChartID, Seq: e.Seq, Kind: string(e.Kind), AmountCents: e.AmountCents, BalanceAfterCents: e.BalanceAfterCents,
		Date: e.OnDate, AppointmentID: e.AppointmentID, ServiceName: e.ServiceName, ServiceCode: e.ServiceCode, Method: e.Method,
		Reference: e.Reference, Reason: e.Reason, Memo: e.Memo, ReversesID: e.ReversesID, ReversedBy: e.ReversedBy, CreatedBy: e.CreatedBy,
		CreatedAt: e.CreatedAt}
}

type ledgerCaps struct {
	Record bool `json:"record"`
}

type ledgerPage struct {
	Items        []entryJSON `json:"items"`
	BalanceCents int64       `json:"balance_cents"`
	NextBefore   string      `json:"next_before"`
	Can          ledgerCaps  `json:"can"`
}

// chartLedger is a page of a chart's ledger, newest first (?before= the next_before of the page before).
func (s *Server) chartLedger(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var before int64
	if b := r.URL.Query().Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return model.FieldError("before", "Use the next_before of the page before, as it was given.")
		}
		before = n
	}
	pg, err := s.Ledger.Timeline(r.Context(), p, r.PathValue("id"), before)
	if err != nil {
		return err
	}
	out := ledgerPage{Items: make([]entryJSON, 0, len(pg.Entries)), BalanceCents: pg.BalanceCents, Can: ledgerCaps{pg.Caps.Record}}
	for _, e := range pg.Entries {
		out.Items = append(out.Items, toEntry(e))
	}
	if pg.Next != 0 {
		out.NextBefore = strconv.FormatInt(pg.Next, 10)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type paymentRequest struct {
	ChartID     string `json:"chart_id"`
	AmountCents *int64 `json:"amount_cents"`
	Method      string `json:"method"`
	ReceivedOn  string `json:"received_on"`
	Reference   string `json:"reference"`
}

// recordPayment records a payment on chart_id.
func (s *Server) recordPayment(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in paymentRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	probs := model.Problems{}
	if in.ChartID == "" {
		probs.Add("chart_id", "Name the client's chart the payment is for.")
	}
	if in.AmountCents == nil {
		probs.Add("amount_cents", "Send the amount in cents, such as 15000 for 150.00.")
	}
	if err := probs.Err(); err != nil {
		return err
	}
	e, err := s.Ledger.RecordPayment(r.Context(), p, in.ChartID, ledger.PaymentInput{AmountCents: in.AmountCents, Method: in.Method,
		ReceivedOn: in.ReceivedOn, Reference: in.Reference})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toEntry(e))
	return nil
}

type adjustmentRequest struct {
	AmountCents *int64 `json:"amount_cents"`
	Reason      string `json:"reason"`
	Date        string `json:"date"`
	Memo        string `json:"memo"`
}

// recordAdjustment records an adjustment on the chart.
func (s *Server) recordAdjustment(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in adjustmentRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.AmountCents == nil {
		return model.FieldError("amount_cents", "Send the amount in cents: negative takes it off the balance, positive adds it.")
	}
	e, err := s.Ledger.Adjust(r.Context(), p, r.PathValue("id"), ledger.AdjustmentInput{AmountCents: in.AmountCents, Reason: in.Reason,
		OnDate: in.Date, Memo: in.Memo})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toEntry(e))
	return nil
}

type voidRequest struct {
	Memo string `json:"memo"`
}

// voidPayment voids a payment with a new, opposite entry.
func (s *Server) voidPayment(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in voidRequest
	if r.ContentLength != 0 { // the body is optional
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	e, err := s.Ledger.VoidPayment(r.Context(), p, "", r.PathValue("id"), in.Memo)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toEntry(e))
	return nil
}

// statementPDF is the chart's statement for ?from=&to= as a PDF.
func (s *Server) statementPDF(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	q := r.URL.Query()
	pdf, err := s.Ledger.Statement(r.Context(), p, r.PathValue("id"), q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	httpx.WritePDF(w, pdf.Filename, pdf.Bytes)
	return nil
}
