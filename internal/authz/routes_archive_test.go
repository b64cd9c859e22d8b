package authz_test

import "tend/internal/authz"

// archiveRouteSpecs are the rows of the practice archive's routes (IM-2, issue 18): owners only, and
// an owner's request streams their own practice (there is no other practice's to ask for).
var archiveRouteSpecs = map[string]spec{
	"web GET /settings/export":         rule(authz.PracticeArchive, authz.Export, ""),
	"web POST /settings/export":        rule(authz.PracticeArchive, authz.Export, ""),
	"api GET /api/v1/practice/archive": rule(authz.PracticeArchive, authz.Export, ""),
}

func init() {
	for k, v := range archiveRouteSpecs {
		routeSpecs[k] = v
	}
}
