package authz_test

import "tend/internal/authz"

// fileRouteSpecs are the rows of the file routes (issue 17, item 2), kept in their own file so the
// table's other rows merge apart; init adds them to routeSpecs. {file_id} (and {id} with on "file") is
// the bundle's private file on its chart, or, for the portal, a file shared on the portal user's chart.
// Upload bodies are not multipart, so an allowed upload stops at validation and stores nothing.
var fileRouteSpecs = map[string]spec{
	"api GET /api/v1/clients/{id}/files":                         rule(authz.Files, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/files":                        rule(authz.Files, authz.Create, "chart"),
	"api GET /api/v1/files/{id}":                                 rule(authz.Files, authz.View, "file"),
	"api PATCH /api/v1/files/{id}":                               rule(authz.Files, authz.Change, "file").with(`{"shared": false}`),
	"api DELETE /api/v1/files/{id}":                              rule(authz.Files, authz.Delete, "file").destroys(),
	"api GET /api/v1/files/{id}/content":                         rule(authz.Files, authz.View, "file"),
	"api GET /api/v1/portal/charts/{id}/files":                   prule(authz.Files, authz.View, "access"),
	"api POST /api/v1/portal/charts/{id}/files":                  prule(authz.Files, authz.Create, "access"),
	"api GET /api/v1/portal/charts/{id}/files/{file_id}":         prule(authz.Files, authz.View, "access"),
	"api GET /api/v1/portal/charts/{id}/files/{file_id}/content": prule(authz.Files, authz.View, "access"),
	"web POST /clients/{id}/files":                               rule(authz.Files, authz.Create, "chart"),
	"web GET /clients/{id}/files/{file_id}/download":             rule(authz.Files, authz.View, "chart"),
	"web GET /clients/{id}/files/{file_id}/thumbnail":            rule(authz.Files, authz.View, "chart"),
	"web POST /clients/{id}/files/{file_id}/share":               rule(authz.Files, authz.Change, "chart").with("shared=off"),
	"web GET /clients/{id}/files/{file_id}/delete":               rule(authz.Files, authz.Delete, "chart"),
	"web POST /clients/{id}/files/{file_id}/delete":              rule(authz.Files, authz.Delete, "chart").destroys(),
	"portal GET /portal/c/{id}/files":                            prule(authz.Files, authz.View, "access"),
	"portal POST /portal/c/{id}/files":                           prule(authz.Files, authz.Create, "access"),
	"portal GET /portal/c/{id}/files/{file_id}/download":         prule(authz.Files, authz.View, "access"),
	"portal GET /portal/c/{id}/files/{file_id}/thumbnail":        prule(authz.Files, authz.View, "access"),
}

func init() {
	for k, v := range fileRouteSpecs {
		routeSpecs[k] = v
	}
}
