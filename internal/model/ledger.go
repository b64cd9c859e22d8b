package model

import (
	"strings"
	"time"
)

// Issue 16, item 9 (PY-1): a chart's ledger. Amounts are integer cents, signed by what they do to the
// balance the client owes: a charge adds, a payment subtracts. Entries are never changed: a reversal
// cancels a charge and a void cancels a payment, each a new entry.

// EntryKind is what a ledger entry records.
type EntryKind string

// The entry kinds.
const (
	EntryCharge         EntryKind = "charge"          // a session's fee, from an attended or no-show appointment
	EntryChargeReversal EntryKind = "charge_reversal" // cancels a charge: the status changed, or the service
	EntryPayment        EntryKind = "payment"         // money received
	EntryPaymentVoid    EntryKind = "payment_void"    // cancels a payment recorded by mistake
	EntryAdjustment     EntryKind = "adjustment"      // a write-off, discount or correction, either sign
)

// Label is the kind as the timeline names it.
func (k EntryKind) Label() string {
	switch k {
	case EntryCharge:
		return "Charge"
	case EntryChargeReversal:
		return "Charge reversed"
	case EntryPayment:
		return "Payment"
	case EntryPaymentVoid:
		return "Payment voided"
	}
	return "Adjustment"
}

// Payment methods.
const (
	MethodCash  = "cash"
	MethodCheck = "check"
	MethodCard  = "card"
	MethodOther = "other"
)

// PaymentMethods lists the methods in display order.
func PaymentMethods() []string { return []string{MethodCash, MethodCheck, MethodCard, MethodOther} }

// MethodLabel is a payment method as people read it.
func MethodLabel(m string) string {
	switch m {
	case MethodCash:
		return "Cash"
	case MethodCheck:
		return "Check"
	case MethodCard:
		return "Card"
	}
	return "Other"
}

// Adjustment reasons.
const (
	ReasonWriteOff   = "write_off"
	ReasonDiscount   = "discount"
	ReasonRefund     = "refund"
	ReasonCorrection = "correction"
	ReasonOther      = "other"
)

// AdjustmentReasons lists the reasons in display order.
func AdjustmentReasons() []string {
	return []string{ReasonWriteOff, ReasonDiscount, ReasonRefund, ReasonCorrection, ReasonOther}
}

// ReasonLabel is an adjustment's reason as people read it.
func ReasonLabel(r string) string {
	switch r {
	case ReasonWriteOff:
		return "Write-off"
	case ReasonDiscount:
		return "Discount"
	case ReasonRefund:
		return "Refund"
	case ReasonCorrection:
		return "Correction"
	}
	return "Other"
}

// Limits of the ledger.
const (
	// MaxPaymentCents is the largest payment or adjustment: 1,000,000 in the practice's currency.
	MaxPaymentCents = 100_000_000
	MaxReference    = 100
	MaxMemo         = 500
)

// LedgerEntry is one row of a chart's ledger.
type LedgerEntry struct {
	ID, PracticeID, ChartID string
	Seq                     int64 // the chart's entries in the order written
	Kind                    EntryKind
	AmountCents             int64 // signed: what it adds to the balance
	BalanceAfterCents       int64 // the chart's balance after it
	OnDate                  string
	AppointmentID           string // a charge's (and its reversal's)
	ServiceName             string
	ServiceCode             string
	Method                  string // a payment's
	Reference               string // a payment's check number or memo
	Reason                  string // an adjustment's reason
	Memo                    string // free text of an adjustment or a void
	ReversesID              string // a reversal's or void's entry
	ReversedBy              string // the entry that cancelled this one, "" while it stands
	CreatedBy               string
	CreatedAt               time.Time
}

// No-show fee settings of a practice.
const (
	NoShowFeeNone  = "none"  // a no-show costs nothing
	NoShowFeeRate  = "rate"  // the service's full rate
	NoShowFeeFixed = "fixed" // the practice's fixed amount
)

// NoShowFees lists the settings in display order.
func NoShowFees() []string { return []string{NoShowFeeNone, NoShowFeeRate, NoShowFeeFixed} }

// ChargeFor is what an appointment with this status and service rate costs under the practice's
// settings; 0 charges nothing.
func (p Practice) ChargeFor(status AppointmentStatus, rateCents int64) int64 {
	switch status {
	case AppointmentAttended:
		return rateCents
	case AppointmentNoShow:
		switch p.NoShowFee {
		case NoShowFeeRate:
			return rateCents
		case NoShowFeeFixed:
			return p.NoShowFeeCents
		}
	}
	return 0
}

// ValidateNoShowFee checks the no-show settings; field names match the form and the API.
func ValidateNoShowFee(p Problems, fee string, cents int64) {
	if fee != "" && !contains(NoShowFees(), fee) {
		p.Add("no_show_fee", "Choose no charge, the service's rate or a fixed amount.")
	}
	if cents < 0 || cents > MaxRateCents {
		p.Add("no_show_fee_amount", "Enter an amount between 0 and 1,000,000.")
	}
	if fee == NoShowFeeFixed && cents == 0 {
		p.Add("no_show_fee_amount", "Enter the fixed no-show fee, or choose no charge.")
	}
}

// CleanLedgerText trims a reference or memo and folds its line breaks into spaces.
func CleanLedgerText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
