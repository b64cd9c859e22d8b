package appointments

import (
	"context"
	"fmt"
	"time"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// Upcoming is a chart's next scheduled appointment, if any.
type Upcoming struct {
	Appointment *store.AppointmentRow // nil when none is booked
	Zone        *time.Location
}

// Next reads a chart's next scheduled appointment (starting now or later) for the Overview (CL-10), and
// audits the read as the chart's appointments'. A chart out of reach answers model.ErrNotFound.
func (s *Service) Next(ctx context.Context, p model.Principal, chartID string) (Upcoming, error) {
	const action = "chart.appointments.view"
	q := s.Store.R()
	c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
	var who authz.Who
	if err == nil {
		who, err = s.Charts.Who(ctx, q, p)
	}
	if err == nil {
		err = authz.Decide(who, authz.View, authz.InChart(authz.Appointments, c))
	}
	if err != nil {
		return Upcoming{}, s.denied(ctx, p, action, chartID, err)
	}
	_, loc, err := practice(ctx, q, p)
	if err != nil {
		return Upcoming{}, fmt.Errorf("appointments: next: %w", err)
	}
	r, ok, err := store.NextChartAppointment(ctx, q, c.ID, s.now())
	if err != nil {
		return Upcoming{}, fmt.Errorf("appointments: next: %w", err)
	}
	out := Upcoming{Zone: loc}
	if ok {
		out.Appointment = &r
	}
	return out, s.recordRead(ctx, s.event(p, action, c.ID, ""))
}
