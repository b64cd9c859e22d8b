package api

import "tend/internal/model"

// ledgerOperations document a chart's ledger (PY-1, issue 16, items 9 and 11), kept apart so other
// features' operations merge beside them.
var ledgerOperations = []op{
	{"get", "/api/v1/clients/{id}/ledger", "A chart's ledger, newest first, 25 a page: charges (made by attended and no-show appointments at their service's rate or the practice's no-show fee), their reversals, payments, voids and adjustments. Each entry's balance_after_cents is the running balance; balance_cents is the chart's balance now. Pass next_before as before for the older page (\"\" on the last). Entries are never changed: a correction is a new entry. The read is audited", false, "", "200", "LedgerPage", []string{"before"}},
	{"post", "/api/v1/payments", "Record a payment on chart_id: amount_cents is an integer in cents, more than 0 and at most 100000000 (1,000,000.00), else 422 on amount_cents; method cash, check, card or other; received_on YYYY-MM-DD, not in the future (default today in the practice's time zone); reference an optional check number or memo. The chart's balance drops in the same transaction. Another practice's chart is 404", false, "PaymentCreate", "201", "LedgerEntry", nil},
	{"post", "/api/v1/payments/{id}/void", "Void a payment recorded by mistake: a new payment_void entry of the opposite amount; the payment stays, with reversed_by set. A payment already voided is 409", false, "PaymentVoid", "201", "LedgerEntry", nil},
	{"post", "/api/v1/clients/{id}/adjustments", "Record an adjustment: amount_cents signed by its effect on the balance (-5000 writes off 50.00, 5000 adds 50.00), not 0, at most 100000000 either way; reason write_off, discount, refund, correction or other; date YYYY-MM-DD (default today); memo optional", false, "AdjustmentCreate", "201", "LedgerEntry", nil},
	{"get", "/api/v1/clients/{id}/statement.pdf", "The chart's statement (superbill) as a PDF (application/pdf) for the days from..to (YYYY-MM-DD; default the first of this month to today; at most three years): the practice, the client's legal name and date of birth, active diagnoses' ICD-10-CM codes, each session's date, CPT code, service and amount, payments and adjustments, and the opening and closing balance. Bad dates are 422 on from or to. The download is audited", false, "", "200", "", []string{"from", "to"}},
}

var noShowFee = obj{"type": "string", "enum": model.NoShowFees(), "description": "What a no-show appointment is charged: none, rate (the service's rate) or fixed (no_show_fee_cents); default none"}

var noShowFeeCents = obj{"type": "integer", "minimum": 0, "maximum": model.MaxRateCents, "description": "The fixed no-show fee in cents, with no_show_fee fixed"}

func entryKinds() []string {
	return []string{string(model.EntryCharge), string(model.EntryChargeReversal), string(model.EntryPayment), string(model.EntryPaymentVoid), string(model.EntryAdjustment)}
}

// ledgerSchemas are the schemas of the ledger routes.
var ledgerSchemas = obj{
	"LedgerEntry": object(obj{"id": str(), "client_id": str(),
		"seq":                 obj{"type": "integer", "description": "The chart's entries in the order written"},
		"kind":                obj{"type": "string", "enum": entryKinds()},
		"amount_cents":        obj{"type": "integer", "description": "Signed: what it adds to the balance (a payment is negative)"},
		"balance_after_cents": obj{"type": "integer", "description": "The chart's balance after this entry: the running balance"},
		"date":                obj{"type": "string", "format": "date", "description": "The session's day for a charge, the day received for a payment"},
		"appointment_id":      str(), "service_name": str(), "service_code": obj{"type": "string", "description": "CPT code of a charge's service"},
		"method":      obj{"type": "string", "description": "A payment's: cash, check, card or other"},
		"reference":   str(),
		"reason":      obj{"type": "string", "description": "An adjustment's reason; no_show on a no-show fee's charge"},
		"memo":        str(),
		"reverses_id": obj{"type": "string", "description": "The entry a reversal or void cancels"},
		"reversed_by": obj{"type": "string", "description": "The entry that cancelled this one; empty while it stands"},
		"created_by":  str(), "created_at": strf("date-time")},
		"id", "client_id", "seq", "kind", "amount_cents", "balance_after_cents", "date"),
	"LedgerPage": object(obj{"items": obj{"type": "array", "items": ref("LedgerEntry")}, "balance_cents": integer(),
		"next_before": obj{"type": "string", "description": "Pass as before for the older page; empty on the last"},
		"can":         object(obj{"record": boolean()}, "record")}, "items", "balance_cents", "next_before", "can"),
	"PaymentCreate": object(obj{"chart_id": str(),
		"amount_cents": obj{"type": "integer", "minimum": 1, "maximum": model.MaxPaymentCents},
		"method":       obj{"type": "string", "enum": model.PaymentMethods()},
		"received_on":  obj{"type": "string", "format": "date"},
		"reference":    obj{"type": "string", "maxLength": model.MaxReference}}, "chart_id", "amount_cents", "method"),
	"PaymentVoid": object(obj{"memo": obj{"type": "string", "maxLength": model.MaxMemo}}),
	"AdjustmentCreate": object(obj{
		"amount_cents": obj{"type": "integer", "minimum": -model.MaxPaymentCents, "maximum": model.MaxPaymentCents, "description": "Signed, not 0"},
		"reason":       obj{"type": "string", "enum": model.AdjustmentReasons()},
		"date":         obj{"type": "string", "format": "date"},
		"memo":         obj{"type": "string", "maxLength": model.MaxMemo}}, "amount_cents", "reason"),
}
