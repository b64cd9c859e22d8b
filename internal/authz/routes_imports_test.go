package authz_test

import "tend/internal/authz"

// importRouteSpecs are the rows of the CSV client import's routes (IM-1, issue 18, item 1), kept in their
// own file so the table's other rows merge apart; init adds them to routeSpecs. {id} with on "record" is
// an import uploaded in the bundle's practice and never mapped, so commit and undo stop at validation.
var importRouteSpecs = map[string]spec{
	"web GET /clients/import":                     rule(authz.Imports, authz.View, ""),
	"web POST /clients/import":                    rule(authz.Imports, authz.Create, ""),
	"web GET /imports/{id}":                       rule(authz.Imports, authz.View, "record"),
	"web POST /imports/{id}/mapping":              rule(authz.Imports, authz.Create, "record"),
	"web GET /imports/{id}/preview":               rule(authz.Imports, authz.View, "record"),
	"web POST /imports/{id}/commit":               rule(authz.Imports, authz.Create, "record"),
	"web POST /imports/{id}/undo":                 rule(authz.Imports, authz.Delete, "record"),
	"api POST /api/v1/client-imports":             rule(authz.Imports, authz.Create, ""),
	"api GET /api/v1/client-imports/{id}":         rule(authz.Imports, authz.View, "record"),
	"api PUT /api/v1/client-imports/{id}/mapping": rule(authz.Imports, authz.Create, "record").with(`{"mapping": []}`),
	"api GET /api/v1/client-imports/{id}/preview": rule(authz.Imports, authz.View, "record"),
	"api POST /api/v1/client-imports/{id}/commit": rule(authz.Imports, authz.Create, "record"),
	"api POST /api/v1/client-imports/{id}/undo":   rule(authz.Imports, authz.Delete, "record"),
}

func init() {
	for k, v := range importRouteSpecs {
		routeSpecs[k] = v
	}
}
