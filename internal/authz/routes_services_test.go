package authz_test

import (
	"fmt"

	"tend/internal/authz"
	"tend/internal/model"
)

// serviceRouteSpecs are the rows of the services and insurance routes (issue 16, items 1, 2 and 11), kept
// in their own file so the table's other rows merge apart; init adds them to routeSpecs. Bodies stop at
// validation. Insurance follows the chart's own rules (authz.Charts): whoever changes the chart's
// details, billing staff included, keeps its policies.
var serviceRouteSpecs = map[string]spec{
	"web GET /settings/services":                         rule(authz.Services, authz.List, ""),
	"web POST /settings/services":                        rule(authz.Services, authz.Create, "").with("name=&duration_minutes=0"),
	"web GET /settings/services/{id}":                    rule(authz.Services, authz.Change, "record"),
	"web POST /settings/services/{id}":                   rule(authz.Services, authz.Change, "record").with("name=&duration_minutes=1440"),
	"web POST /settings/services/{id}/archive":           rule(authz.Services, authz.Change, "record"),
	"web POST /settings/services/{id}/restore":           rule(authz.Services, authz.Change, "record"),
	"web POST /clients/{id}/insurance":                   rule(authz.Charts, authz.Change, "chart").with("payer="),
	"web GET /clients/{id}/insurance/{policy}":           rule(authz.Charts, authz.View, "chart"),
	"web POST /clients/{id}/insurance/{policy}":          rule(authz.Charts, authz.Change, "chart").with("payer="),
	"web POST /clients/{id}/insurance/{policy}/delete":   rule(authz.Charts, authz.Change, "chart").destroys(),
	"api GET /api/v1/services":                           rule(authz.Services, authz.List, ""),
	"api POST /api/v1/services":                          rule(authz.Services, authz.Create, "").with(`{"name": "Intake", "duration_minutes": 60, "rate_cents": -1}`),
	"api GET /api/v1/services/{id}":                      rule(authz.Services, authz.View, "record"),
	"api PATCH /api/v1/services/{id}":                    rule(authz.Services, authz.Change, "record").with(`{"duration_minutes": 0}`),
	"api GET /api/v1/clients/{id}/insurance":             rule(authz.Charts, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/insurance":            rule(authz.Charts, authz.Change, "chart").with(`{"payer": ""}`),
	"api PUT /api/v1/clients/{id}/insurance/{policy}":    rule(authz.Charts, authz.Change, "chart").with(`{"payer": ""}`),
	"api DELETE /api/v1/clients/{id}/insurance/{policy}": rule(authz.Charts, authz.Change, "chart").destroys(),
}

func init() {
	for k, v := range serviceRouteSpecs {
		routeSpecs[k] = v
	}
}

// billing adds issue 16's records to a bundle: a service of op's practice and a policy on the chart.
func (f *fixture) billing(op model.Principal, b *ids) {
	dur := 50
	sv, err := f.h.App.Services.Create(f.ctx, op, model.ServiceInput{Name: strp(fmt.Sprint("Service ", f.next())), DurationMinutes: &dur})
	if err != nil {
		f.t.Fatalf("service: %v", err)
	}
	pol, err := f.h.App.Clients.AddPolicy(f.ctx, op, b.chart, model.PolicyInput{Payer: "Payer"})
	if err != nil {
		f.t.Fatalf("insurance policy: %v", err)
	}
	b.service, b.policy = sv.ID, pol.ID
}
