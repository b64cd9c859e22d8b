package authz_test

import "tend/internal/authz"

// planRouteSpecs are the rows of the treatment plan routes (issue 15), kept in their own file so the
// table's other rows merge apart; init adds them to routeSpecs. Bodies stop at validation or change
// nothing: the fixture's plan stays at version 1, active and unshared.
var planRouteSpecs = map[string]spec{
	"api GET /api/v1/clients/{id}/treatment-plans":                              rule(authz.TreatmentPlans, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/treatment-plans":                             rule(authz.TreatmentPlans, authz.Change, "chart").with(`{"review_date": "soon"}`),
	"api GET /api/v1/clients/{id}/treatment-plans/{plan}":                       rule(authz.TreatmentPlans, authz.View, "chart"),
	"api PUT /api/v1/clients/{id}/treatment-plans/{plan}":                       rule(authz.TreatmentPlans, authz.Change, "chart").with(`{"base_version": 1}`),
	"api PATCH /api/v1/clients/{id}/treatment-plans/{plan}":                     rule(authz.TreatmentPlans, authz.Change, "chart").with(`{"state": "active"}`),
	"api GET /api/v1/clients/{id}/treatment-plans/{plan}/versions":              rule(authz.TreatmentPlans, authz.View, "chart"),
	"api GET /api/v1/clients/{id}/treatment-plans/{plan}/versions/{v}":          rule(authz.TreatmentPlans, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/treatment-plans/{plan}/versions/{v}/restore": rule(authz.TreatmentPlans, authz.Change, "chart"),
	"api POST /api/v1/clients/{id}/treatment-plans/{plan}/sign":                 rule(authz.TreatmentPlans, authz.Sign, "chart").with(`{"version": 1, "full_name": ""}`),
	"api POST /api/v1/clients/{id}/treatment-plans/{plan}/share":                rule(authz.TreatmentPlans, authz.Change, "chart").with(`{"shared": false}`),
	"api GET /api/v1/clients/{id}/treatment-plans/{plan}/diff":                  rule(authz.TreatmentPlans, authz.View, "chart"),
	"api GET /api/v1/clients/{id}/treatment-plans/{plan}/versions/{v}/pdf":      rule(authz.TreatmentPlans, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/treatment-plans/generate":                    rule(authz.TreatmentPlans, authz.Change, "chart").with(`{"tone": "chatty"}`),
	"api POST /api/v1/clients/{id}/treatment-plans/{plan}/generate":             rule(authz.TreatmentPlans, authz.Change, "chart").with(`{"tone": "chatty"}`),
}

func init() {
	for k, v := range planRouteSpecs {
		routeSpecs[k] = v
	}
}
