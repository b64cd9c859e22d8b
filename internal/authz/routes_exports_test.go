package authz_test

import "tend/internal/authz"

// exportRouteSpecs are the rows of the exports' routes (issue 18, item 2; IM-2), kept in their own file
// so the table's other rows merge apart; init adds them to routeSpecs. The client list's CSV holds the
// charts each person reaches; a chart's records-request PDF is for those who read its whole record.
var exportRouteSpecs = map[string]spec{
	"web GET /clients/export.csv":             rule(authz.Charts, authz.Export, ""),
	"api GET /api/v1/clients/export.csv":      rule(authz.Charts, authz.Export, ""),
	"web GET /clients/{id}/record.pdf":        rule(authz.Records, authz.Export, "chart"),
	"api GET /api/v1/clients/{id}/record.pdf": rule(authz.Records, authz.Export, "chart"),
}

func init() {
	for k, v := range exportRouteSpecs {
		routeSpecs[k] = v
	}
}
