package authz_test

import (
	"tend/internal/authz"
	"tend/internal/ledger"
	"tend/internal/model"
)

// ledgerRouteSpecs are the rows of the Payments tab's and the ledger API's routes (PY-1, issue 16, items 9
// and 11), kept in their own file so the table's other rows merge apart; init adds them to routeSpecs.
// Bodies stop at validation, except a void, which voids the fixture's payment once (later voids are 409,
// still past the policy). POST /api/v1/payments names its chart in the body: without one it stops at
// validation for everyone the policy lets record payments at all.
var ledgerRouteSpecs = map[string]spec{
	"web POST /clients/{id}/payments":              rule(authz.Ledger, authz.Create, "chart").with("amount=0&method=cash"),
	"web POST /clients/{id}/payments/{entry}/void": rule(authz.Ledger, authz.Create, "chart"),
	"web POST /clients/{id}/adjustments":           rule(authz.Ledger, authz.Create, "chart").with("amount=0&reason=other"),
	"web GET /clients/{id}/statement.pdf":          rule(authz.Ledger, authz.View, "chart"),
	"api GET /api/v1/clients/{id}/ledger":          rule(authz.Ledger, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/adjustments":    rule(authz.Ledger, authz.Create, "chart").with(`{"amount_cents": 0, "reason": "other"}`),
	"api GET /api/v1/clients/{id}/statement.pdf":   rule(authz.Ledger, authz.View, "chart"),
	"api POST /api/v1/payments":                    rule(authz.Ledger, authz.Create, "").with(`{"amount_cents": 0, "method": "cash"}`),
	"api POST /api/v1/payments/{id}/void":          rule(authz.Ledger, authz.Create, "payment"),
}

func init() {
	for k, v := range ledgerRouteSpecs {
		routeSpecs[k] = v
	}
}

// payment records a payment of 10.00 on the chart as op and returns its id.
func (f *fixture) payment(op model.Principal, chartID string) string {
	e, err := f.h.App.Ledger.RecordPayment(f.ctx, op, chartID, ledger.PaymentInput{Amount: "10", Method: model.MethodCash})
	if err != nil {
		f.t.Fatalf("payment: %v", err)
	}
	return e.ID
}
