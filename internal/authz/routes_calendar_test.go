package authz_test

import "tend/internal/authz"

// calendarRouteSpecs are the rows of the calendar's pages (issue 16, item 4), kept in their own file so
// the table's other rows merge apart; init adds them to routeSpecs. GET /calendar (in routes_test.go)
// answers every staff member: the practice's calendar to those the policy lets see it (Appointments
// List), one's own to the others. Bodies stop at validation: the fixture's appointment stays as booked.
var calendarRouteSpecs = map[string]spec{
	"web GET /appointments/new":          rule(authz.Appointments, authz.Create, ""),
	"web POST /appointments/new":         rule(authz.Appointments, authz.Create, "").with("op=book&starts_at=soon"),
	"web GET /appointments/new/clients":  rule(authz.Appointments, authz.Create, ""),
	"web GET /appointments/{id}":         rule(authz.Appointments, authz.View, "appointment"),
	"web POST /appointments/{id}":        rule(authz.Appointments, authz.Change, "appointment").with("starts_at=soon"),
	"web POST /appointments/{id}/status": rule(authz.Appointments, authz.Change, "appointment").with("status=bogus"),
}

func init() {
	for k, v := range calendarRouteSpecs {
		routeSpecs[k] = v
	}
}
