package clientportal

import (
	"context"
	"fmt"
	"time"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Home is the start of the portal: every chart the person can open, and the requests waiting for them.
type Home struct {
	Charts   []store.AccountAccess
	Requests []store.AccountAccess
	// ShowsOpened holds the access ids of the charts whose "who opened my record" the person may see.
	ShowsOpened map[string]bool
}

// Home lists what the signed-in person can reach (PT-9's switcher) and their connection requests.
func (s *Service) Home(ctx context.Context, pp model.PortalPrincipal) (Home, error) {
	charts, err := store.ActiveAccessOfAccount(ctx, s.Store.R(), pp.AccountID)
	if err != nil {
		return Home{}, fmt.Errorf("clientportal: home: %w", err)
	}
	reqs, err := s.Requests(ctx, pp)
	if err != nil {
		return Home{}, fmt.Errorf("clientportal: home: %w", err)
	}
	shows := map[string]bool{}
	for _, c := range charts {
		shows[c.ID] = authz.PortalCan(portalUser(pp, c), authz.View, authz.AuditLog)
	}
	// The list names charts: it is a read, audited in the installation's chain (it spans practices).
	return Home{Charts: charts, Requests: reqs, ShowsOpened: shows}, s.recordRead(ctx, s.event("", pp.AccountID, pp.IP, "portal.home.view", "portal_account", pp.AccountID))
}

// ChartHome is one chart as its portal user sees it (PT-9).
type ChartHome struct {
	Access store.AccountAccess
	// ShowsOpened is whether the person may see who opened the record (PT-11): the client, their
	// guardian or a member of a group chart. The home links to it; WhoOpened has it.
	ShowsOpened bool
	// ShowsAppointments is whether the person may see the chart's appointments (PT-7: the client, or a
	// portal user with "View appointments"); Appointments are then the next scheduled ones.
	ShowsAppointments bool
	Appointments      []Appointment
	ToDo              []ToDo // documents and tasks waiting; the front doors fill it from their use cases
}

// Appointment is an upcoming appointment as the portal shows it: when, how long, with whom and where.
type Appointment struct {
	Start           time.Time
	DurationMinutes int
	// What says it in a few words: "With Cal Clinician · Suite 4" or "With Cal Clinician · by video".
	What      string
	Clinician string
	// Telehealth is a video session; Location is then its link, else the office's room or address.
	Telehealth bool
	Location   string
}

// UpcomingLimit is how many upcoming appointments the portal shows.
const UpcomingLimit = 5

// ToDo is something waiting for the person: a document to complete or a task due.
type ToDo struct {
	Title string
	URL   string
}

// Chart opens one chart the person has active access to, and audits the view in its practice. Any
// other id (another person's, another practice's, a disabled access) answers model.ErrNotFound.
func (s *Service) Chart(ctx context.Context, pp model.PortalPrincipal, accessID string) (ChartHome, error) {
	acc, err := s.open(ctx, pp, accessID, authz.Charts)
	if err != nil {
		return ChartHome{}, err
	}
	h := ChartHome{Access: acc, ShowsOpened: authz.PortalCan(portalUser(pp, acc), authz.View, authz.AuditLog)}
	if h.ShowsAppointments = authz.PortalCan(portalUser(pp, acc), authz.View, authz.Appointments); h.ShowsAppointments {
		if h.Appointments, err = s.upcoming(ctx, acc); err != nil {
			return ChartHome{}, err
		}
	}
	e := s.event(acc.PracticeID, pp.AccountID, pp.IP, "portal.chart.view", "portal_access", acc.ID)
	e.ChartID = acc.ChartID
	return h, s.recordRead(ctx, e)
}

// Appointments lists the next scheduled appointments of a chart (at most UpcomingLimit, the soonest
// first) for a person allowed to see them (PT-7, PT-9): the client, or a contact with "View
// appointments". Without the permission the answer is not found.
func (s *Service) Appointments(ctx context.Context, pp model.PortalPrincipal, accessID string) ([]Appointment, error) {
	acc, err := s.open(ctx, pp, accessID, authz.Appointments)
	if err != nil {
		return nil, err
	}
	out, err := s.upcoming(ctx, acc)
	if err != nil {
		return nil, err
	}
	e := s.event(acc.PracticeID, pp.AccountID, pp.IP, "portal.appointments.view", "portal_access", acc.ID)
	e.ChartID = acc.ChartID
	return out, s.recordRead(ctx, e)
}

// upcoming reads the chart's next scheduled appointments.
func (s *Service) upcoming(ctx context.Context, acc store.AccountAccess) ([]Appointment, error) {
	rows, err := store.UpcomingChartAppointments(ctx, s.Store.R(), acc.ChartID, s.Now(), UpcomingLimit)
	if err != nil {
		return nil, fmt.Errorf("clientportal: appointments: %w", err)
	}
	out := make([]Appointment, 0, len(rows))
	for _, r := range rows {
		a := Appointment{Start: r.StartsAt, DurationMinutes: r.DurationMinutes, Clinician: r.ClinicianName,
			Telehealth: r.LocationKind == model.LocationTelehealth, Location: r.Location}
		a.What = "With " + r.ClinicianName
		switch {
		case a.Telehealth:
			a.What += " · by video"
		case r.Location != "":
			a.What += " · " + r.Location
		}
		out = append(out, a)
	}
	return out, nil
}

// open returns an access of the person that is active, on a chart in care, and lets them view res of the
// chart (authz's portal table); anything else is model.ErrNotFound, so nobody learns what exists.
func (s *Service) open(ctx context.Context, pp model.PortalPrincipal, accessID string, res authz.Resource) (store.AccountAccess, error) {
	if !id.Valid(accessID) {
		return store.AccountAccess{}, fmt.Errorf("clientportal: malformed access id: %w", model.ErrNotFound)
	}
	acc, err := store.AccessOfAccountByID(ctx, s.Store.R(), accessID)
	if err != nil {
		return acc, fmt.Errorf("clientportal: open: %w", err)
	}
	if err := authz.PortalDecide(portalUser(pp, acc), authz.View, res); err != nil {
		return store.AccountAccess{}, fmt.Errorf("clientportal: access %s: %w", accessID, err)
	}
	return acc, nil
}

// portalUser is what the policy needs of an access: open only to its own account, while active, on a chart in care.
func portalUser(pp model.PortalPrincipal, acc store.AccountAccess) authz.PortalUser {
	return authz.PortalUser{Role: acc.Role, Permissions: acc.Permissions,
		Open: acc.AccountID == pp.AccountID && acc.State == model.AccessActive && acc.RecordState == model.StateActive}
}
