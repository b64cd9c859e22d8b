package authz_test

import "tend/internal/authz"

// planPageRouteSpecs are the rows of the treatment plan pages (issue 15, TP-1), kept in their own file so
// the table's other rows merge apart; init adds them to routeSpecs. {plan} is the bundle's plan, {n} its
// version 1.
var planPageRouteSpecs = map[string]spec{
	"web GET /clients/{id}/plans/new":                          rule(authz.TreatmentPlans, authz.Change, "chart"),
	"web POST /clients/{id}/plans/new":                         rule(authz.TreatmentPlans, authz.Change, "chart").with("add=problems."),
	"web GET /clients/{id}/plans/{plan}":                       rule(authz.TreatmentPlans, authz.View, "chart"),
	"web GET /clients/{id}/plans/{plan}/versions/{n}":          rule(authz.TreatmentPlans, authz.View, "chart"),
	"web POST /clients/{id}/plans/{plan}/versions/{n}/restore": rule(authz.TreatmentPlans, authz.Change, "chart"),
	"web GET /clients/{id}/plans/{plan}/edit":                  rule(authz.TreatmentPlans, authz.Change, "chart"),
	"web POST /clients/{id}/plans/{plan}/edit":                 rule(authz.TreatmentPlans, authz.Change, "chart"),
	"web GET /clients/{id}/plans/{plan}/history":               rule(authz.TreatmentPlans, authz.View, "chart"),
	"web POST /clients/{id}/plans/{plan}/sign":                 rule(authz.TreatmentPlans, authz.Sign, "chart"),
	"web POST /clients/{id}/plans/{plan}/share":                rule(authz.TreatmentPlans, authz.Change, "chart"),
	"web POST /clients/{id}/plans/{plan}/unshare":              rule(authz.TreatmentPlans, authz.Change, "chart"),
	"web POST /clients/{id}/plans/{plan}/close":                rule(authz.TreatmentPlans, authz.Change, "chart"),
	"web POST /clients/{id}/plans/{plan}/reopen":               rule(authz.TreatmentPlans, authz.Change, "chart"),
	"web GET /clients/{id}/plans/{plan}/diff":                  rule(authz.TreatmentPlans, authz.View, "chart"),
	"web GET /clients/{id}/plans/{plan}/versions/{n}/pdf":      rule(authz.TreatmentPlans, authz.View, "chart"),
	"web POST /clients/{id}/plans/generate":                    rule(authz.TreatmentPlans, authz.Change, "chart").with("tone=chatty"),
	"web POST /clients/{id}/plans/{plan}/generate":             rule(authz.TreatmentPlans, authz.Change, "chart").with("tone=chatty"),
}

func init() {
	for k, v := range planPageRouteSpecs {
		routeSpecs[k] = v
	}
}
