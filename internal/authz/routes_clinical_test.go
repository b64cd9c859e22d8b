package authz_test

import "tend/internal/authz"

// clinicalRouteSpecs are the rows of the clinical information routes (CL-8), kept in their own file so
// the table's other rows merge apart; init adds them to routeSpecs.
var clinicalRouteSpecs = map[string]spec{
	"web POST /clients/{id}/diagnoses":                 rule(authz.ClinicalInfo, authz.Change, "chart"),
	"web POST /clients/{id}/diagnoses/{dx}":            rule(authz.ClinicalInfo, authz.Change, "chart"),
	"web POST /clients/{id}/diagnoses/{dx}/resolve":    rule(authz.ClinicalInfo, authz.Change, "chart"),
	"web POST /clients/{id}/diagnoses/{dx}/reactivate": rule(authz.ClinicalInfo, authz.Change, "chart"),
	"web POST /clients/{id}/diagnoses/{dx}/remove":     rule(authz.ClinicalInfo, authz.Change, "chart").destroys(),
	"web POST /clients/{id}/medications":               rule(authz.ClinicalInfo, authz.Change, "chart"),
	"web POST /clients/{id}/medications/{med}":         rule(authz.ClinicalInfo, authz.Change, "chart"),
	"web POST /clients/{id}/medications/{med}/stop":    rule(authz.ClinicalInfo, authz.Change, "chart"),
	"web POST /clients/{id}/medications/{med}/remove":  rule(authz.ClinicalInfo, authz.Change, "chart").destroys(),
	"web POST /clients/{id}/clinical-summary":          rule(authz.ClinicalInfo, authz.Change, "chart"),

	"api GET /api/v1/clients/{id}/diagnoses":                      rule(authz.ClinicalInfo, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/diagnoses":                     rule(authz.ClinicalInfo, authz.Change, "chart").with("{}"),
	"api GET /api/v1/clients/{id}/diagnoses/{diagnosis_id}":       rule(authz.ClinicalInfo, authz.View, "chart"),
	"api PATCH /api/v1/clients/{id}/diagnoses/{diagnosis_id}":     rule(authz.ClinicalInfo, authz.Change, "chart").with(`{"code": ""}`),
	"api DELETE /api/v1/clients/{id}/diagnoses/{diagnosis_id}":    rule(authz.ClinicalInfo, authz.Change, "chart").destroys(),
	"api GET /api/v1/clients/{id}/medications":                    rule(authz.ClinicalInfo, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/medications":                   rule(authz.ClinicalInfo, authz.Change, "chart").with("{}"),
	"api GET /api/v1/clients/{id}/medications/{medication_id}":    rule(authz.ClinicalInfo, authz.View, "chart"),
	"api PATCH /api/v1/clients/{id}/medications/{medication_id}":  rule(authz.ClinicalInfo, authz.Change, "chart").with(`{"name": ""}`),
	"api DELETE /api/v1/clients/{id}/medications/{medication_id}": rule(authz.ClinicalInfo, authz.Change, "chart").destroys(),
	"api GET /api/v1/clients/{id}/clinical-summary":               rule(authz.ClinicalInfo, authz.View, "chart"),
	"api PUT /api/v1/clients/{id}/clinical-summary":               rule(authz.ClinicalInfo, authz.Change, "chart").with(`{"history": "x"}`),
	"api GET /api/v1/icd10":                                       {door: staffSelf},
}

func init() {
	for k, v := range clinicalRouteSpecs {
		routeSpecs[k] = v
	}
}
