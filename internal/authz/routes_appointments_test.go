package authz_test

import "tend/internal/authz"

// appointmentRouteSpecs are the rows of the appointment routes (issue 16), kept in their own file so the
// table's other rows merge apart; init adds them to routeSpecs. Bodies stop at validation: the fixture's
// appointment stays as booked. GET /api/v1/appointments answers everyone: the practice's calendar to
// those the policy lets see it (Appointments List), one's own calendar to the others.
var appointmentRouteSpecs = map[string]spec{
	"api GET /api/v1/appointments":              {door: staffSelf},
	"api POST /api/v1/appointments":             rule(authz.Appointments, authz.Create, "").with(`{"starts_at": "soon"}`),
	"api GET /api/v1/appointments/{id}":         rule(authz.Appointments, authz.View, "appointment"),
	"api PATCH /api/v1/appointments/{id}":       rule(authz.Appointments, authz.Change, "appointment").with(`{"duration_minutes": 0}`),
	"api POST /api/v1/appointments/{id}/status": rule(authz.Appointments, authz.Change, "appointment").with(`{"status": "bogus"}`),
	"api GET /api/v1/clients/{id}/appointments": rule(authz.Appointments, authz.View, "chart"),
}

func init() {
	for k, v := range appointmentRouteSpecs {
		routeSpecs[k] = v
	}
}
