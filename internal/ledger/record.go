package ledger

import (
	"context"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// PaymentInput is a payment as a form or the API sends it. The amount is either typed text (Amount, as
// the page's form has it: "150" or "150.00") or integer cents (AmountCents, as the API has it).
type PaymentInput struct {
	Amount      string
	AmountCents *int64
	Method      string // cash, check, card, other
	ReceivedOn  string // YYYY-MM-DD; "" is today
	Reference   string // a check number or memo
}

// AdjustmentInput is an adjustment: a signed amount (positive adds to what the client owes, negative
// takes off it) and its reason. Pages send Amount with Credit telling the sign; the API sends
// AmountCents with its sign.
type AdjustmentInput struct {
	Amount      string
	Credit      bool // Amount takes off the balance
	AmountCents *int64
	Reason      string // write_off, discount, refund, correction, other
	OnDate      string // YYYY-MM-DD; "" is today
	Memo        string
}

// amountOf reads an amount from cents, or else from the form's text (a problem goes on field amount).
func amountOf(p model.Problems, text string, cents *int64) int64 {
	if cents != nil {
		return *cents
	}
	v, msg := model.ParseMoney(text)
	if msg != "" {
		p.Add("amount", msg)
	}
	return v
}

// checkDay reads a YYYY-MM-DD day, "" for today, no later than today and not before 2000.
func checkDay(p model.Problems, field, day, today string) string {
	if day == "" {
		return today
	}
	t, err := time.Parse(time.DateOnly, day)
	switch {
	case err != nil:
		p.Add(field, "Enter a date like 2026-03-02.")
	case day > today:
		p.Add(field, "This date is in the future: record money on the day it came in.")
	case t.Year() < 2000:
		p.Add(field, "Enter a date from 2000 on.")
	}
	return day
}

func checkText(p model.Problems, field, s string, limit int) string {
	s = model.CleanLedgerText(s)
	if utf8.RuneCountInString(s) > limit {
		p.Add(field, fmt.Sprintf("Use at most %d characters.", limit))
	}
	return s
}

// RecordPayment records money received on a chart and lowers its balance, in one transaction. A
// payment is more than 0 and at most 1,000,000. Proves PY-1.
func (s *Service) RecordPayment(ctx context.Context, p model.Principal, chartID string, in PaymentInput) (model.LedgerEntry, error) {
	const action = "ledger.payment"
	centsField := "amount_cents"
	if in.AmountCents == nil {
		centsField = "amount"
	}
	var out model.LedgerEntry
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, err := s.open(ctx, q, p, chartID, authz.Create)
		if err != nil {
			return err
		}
		_, today, err := s.today(ctx, q, p.PracticeID)
		if err != nil {
			return err
		}
		probs := model.Problems{}
		cents := amountOf(probs, in.Amount, in.AmountCents)
		switch {
		case probs[centsField] != "":
		case cents <= 0:
			probs.Add(centsField, "Enter an amount more than 0.")
		case cents > model.MaxPaymentCents:
			probs.Add(centsField, "A payment cannot be more than 1,000,000.00. Record a larger sum as several payments.")
		}
		if !slices.Contains(model.PaymentMethods(), in.Method) {
			probs.Add("method", "Choose cash, check, card or other.")
		}
		day := checkDay(probs, "received_on", in.ReceivedOn, today)
		ref := checkText(probs, "reference", in.Reference, model.MaxReference)
		if err := probs.Err(); err != nil {
			return err
		}
		e := model.LedgerEntry{ID: id.New(), PracticeID: p.PracticeID, ChartID: r.chart.ID, Kind: model.EntryPayment, AmountCents: -cents,
			OnDate: day, Method: in.Method, Reference: ref, CreatedBy: p.StaffID, CreatedAt: s.now()}
		out, err = store.AppendLedgerEntry(ctx, q, e)
		if err != nil {
			return err
		}
		ev := s.event(p, action, r.chart.ID, e.ID)
		ev.Detail = "method=" + in.Method
		return s.Audit.Append(ctx, q, ev)
	})
	if err != nil {
		return model.LedgerEntry{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// Adjust records an adjustment on a chart: a write-off, discount, refund or correction, either way, at
// most 1,000,000 and never 0. Proves PY-1.
func (s *Service) Adjust(ctx context.Context, p model.Principal, chartID string, in AdjustmentInput) (model.LedgerEntry, error) {
	const action = "ledger.adjustment"
	centsField := "amount_cents"
	if in.AmountCents == nil {
		centsField = "amount"
	}
	var out model.LedgerEntry
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, err := s.open(ctx, q, p, chartID, authz.Create)
		if err != nil {
			return err
		}
		_, today, err := s.today(ctx, q, p.PracticeID)
		if err != nil {
			return err
		}
		probs := model.Problems{}
		cents := amountOf(probs, in.Amount, in.AmountCents)
		if in.AmountCents == nil && in.Credit {
			cents = -cents
		}
		switch {
		case probs[centsField] != "":
		case cents == 0:
			probs.Add(centsField, "Enter an amount other than 0.")
		case cents > model.MaxPaymentCents || cents < -model.MaxPaymentCents:
			probs.Add(centsField, "An adjustment cannot be more than 1,000,000.00.")
		}
		if !slices.Contains(model.AdjustmentReasons(), in.Reason) {
			probs.Add("reason", "Choose write-off, discount, refund, correction or other.")
		}
		day := checkDay(probs, "on_date", in.OnDate, today)
		memo := checkText(probs, "memo", in.Memo, model.MaxMemo)
		if err := probs.Err(); err != nil {
			return err
		}
		e := model.LedgerEntry{ID: id.New(), PracticeID: p.PracticeID, ChartID: r.chart.ID, Kind: model.EntryAdjustment, AmountCents: cents,
			OnDate: day, Reason: in.Reason, Memo: memo, CreatedBy: p.StaffID, CreatedAt: s.now()}
		out, err = store.AppendLedgerEntry(ctx, q, e)
		if err != nil {
			return err
		}
		ev := s.event(p, action, r.chart.ID, e.ID)
		ev.Detail = "reason=" + in.Reason
		return s.Audit.Append(ctx, q, ev)
	})
	if err != nil {
		return model.LedgerEntry{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// errVoided refuses voiding a payment twice.
var errVoided = &model.ConflictError{Message: "This payment is already voided."}

// VoidPayment cancels a payment recorded by mistake with a new entry of the opposite amount; the payment
// stays in the timeline, marked voided. chartID "" takes the payment's own chart (the API's
// /payments/{id}/void); another chart's, practice's or a missing payment answers model.ErrNotFound.
// Proves PY-1.
func (s *Service) VoidPayment(ctx context.Context, p model.Principal, chartID, entryID, memo string) (model.LedgerEntry, error) {
	const action = "ledger.void"
	var out model.LedgerEntry
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if !id.Valid(entryID) {
			return fmt.Errorf("ledger: malformed id: %w", model.ErrNotFound)
		}
		pay, err := store.LedgerEntryByID(ctx, q, p.PracticeID, entryID)
		if err != nil {
			return err
		}
		if chartID == "" {
			chartID = pay.ChartID
		}
		r, err := s.open(ctx, q, p, chartID, authz.Create)
		if err != nil {
			return err
		}
		if pay.ChartID != r.chart.ID || pay.Kind != model.EntryPayment {
			return fmt.Errorf("ledger: entry %s is no payment of the chart: %w", entryID, model.ErrNotFound)
		}
		if err := store.LockChartBalance(ctx, q, r.chart.ID); err != nil {
			return err
		}
		if pay, err = store.LedgerEntryByID(ctx, q, p.PracticeID, entryID); err != nil {
			return err
		}
		if pay.ReversedBy != "" {
			return errVoided
		}
		probs := model.Problems{}
		memo = checkText(probs, "memo", memo, model.MaxMemo)
		if err := probs.Err(); err != nil {
			return err
		}
		e := model.LedgerEntry{ID: id.New(), PracticeID: p.PracticeID, ChartID: r.chart.ID, Kind: model.EntryPaymentVoid, AmountCents: -pay.AmountCents,
			OnDate: pay.OnDate, Method: pay.Method, Reference: pay.Reference, Memo: memo, ReversesID: pay.ID, CreatedBy: p.StaffID, CreatedAt: s.now()}
		if out, err = store.AppendLedgerEntry(ctx, q, e); err != nil {
			return err
		}
		ev := s.event(p, action, r.chart.ID, e.ID)
		ev.Detail = "voids=" + pay.ID
		return s.Audit.Append(ctx, q, ev)
	})
	if err != nil {
		return model.LedgerEntry{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}
