package authz_test

import "tend/internal/authz"

// fhirRouteSpecs are the rows of the FHIR routes (issue 18, item 4, IM-2), kept in their own file so the
// table's other rows merge apart; init adds them to routeSpecs. A chart's Bundle holds its clinical
// information, plans, answers and files, so reading it asks what reading clinical information asks.
// {id} is the bundle's chart.
var fhirRouteSpecs = map[string]spec{
	"api GET /api/v1/clients/{id}/fhir": rule(authz.ClinicalInfo, authz.View, "chart"),
	// An import makes (or changes) a chart like New client; a Bundle that is not one stops at validation.
	"api POST /api/v1/fhir/import": rule(authz.Charts, authz.Create, "").with(`{"resourceType": "Patient"}`),
}

func init() {
	for k, v := range fhirRouteSpecs {
		routeSpecs[k] = v
	}
}
