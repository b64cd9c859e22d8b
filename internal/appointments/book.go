package appointments

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// MaxGroupSession is how many charts one group session books at once (GR-6).
const MaxGroupSession = 50

// BookInput is a new appointment, series or group session.
type BookInput struct {
	// ChartIDs names the chart to book, or for a group session (GR-6) every client's chart.
	ChartIDs []string
	// ClinicianID is who sees the client; "" is the (first) chart's assigned clinician.
	ClinicianID string
	ServiceID   string // "" for none
	// Start is an RFC 3339 instant or a local date and time (LocalLayout) in the practice's time zone.
	Start string
	// DurationMinutes is the length; nil takes it from End, else from the service's default.
	DurationMinutes *int
	End             string // optional instead of DurationMinutes, written like Start
	LocationKind    string // model.LocationOffice (default) or model.LocationTelehealth
	Location        string // a room or address, or the telehealth link
	Recurrence      *Recurrence
	// ConfirmOverlap books even when the clinician already has appointments at that time.
	ConfirmOverlap bool
}

// Booked is what a booking stored.
type Booked struct {
	Appointments []store.AppointmentRow // every occurrence of every chart, in time order
	Series       *model.AppointmentSeries
	// Zone is the practice's time zone, for showing local times.
	Zone *time.Location
}

// Book books an appointment on a chart, a recurring series (every occurrence a row) or a group session
// (one appointment per chart at the same time, sharing a group session id), all or nothing. An archived or
// inactive chart is refused; so are a length outside 1 minute to 23 h 59 min, an end before the start and
// a series beyond two years. When the clinician is already booked then, nothing is saved and the answer is
// an *OverlapError, unless ConfirmOverlap. Proves AP-1, GR-6.
func (s *Service) Book(ctx context.Context, p model.Principal, in BookInput) (Booked, error) {
	const action = "appointment.book"
	var out Booked
	var deniedChart string
	err := s.Store.Tx(ctx, func(q store.Q) error {
		ids := dedupe(in.ChartIDs)
		pr := model.Problems{}
		field := "chart_id"
		if len(ids) > 1 {
			field = "chart_ids"
		}
		switch {
		case len(ids) == 0:
			return model.FieldError("chart_id", "Choose the client to book.")
		case len(ids) > MaxGroupSession:
			return model.FieldError("chart_ids", fmt.Sprintf("A group session books at most %d clients at once.", MaxGroupSession))
		}
		who, err := s.Charts.Who(ctx, q, p)
		if err != nil {
			return err
		}
		charts := make([]model.Client, 0, len(ids))
		for _, cid := range ids {
			c, err := s.Charts.VisibleChart(ctx, q, p, cid, false)
			if err == nil {
				err = authz.Decide(who, authz.Create, authz.InChart(authz.Appointments, c))
			}
			if err != nil {
				deniedChart = cid
				return err
			}
			if st := c.Status(); st == model.StatusArchived || st == model.StatusInactive {
				pr.Add(field, fmt.Sprintf("This client is %s: reactivate or restore them before booking.", strings.ToLower(st.Label())))
			}
			charts = append(charts, c)
		}
		prac, loc, err := practice(ctx, q, p)
		if err != nil {
			return err
		}
		clinician := in.ClinicianID
		if clinician == "" {
			clinician = charts[0].AssignedClinicianID
		}
		if err := checkClinician(ctx, q, pr, p.PracticeID, clinician); err != nil {
			return err
		}
		serviceMinutes, err := checkService(ctx, q, pr, p.PracticeID, in.ServiceID)
		if err != nil {
			return err
		}
		start, startOK := parseTime(in.Start, loc)
		if !startOK {
			pr.Add("starts_at", "Give the start as a date and time, 2026-03-02T15:00 (or an RFC 3339 time).")
		}
		minutes := duration(pr, in.DurationMinutes, in.End, start, startOK, serviceMinutes, loc)
		checkLocation(pr, &in.LocationKind, &in.Location)
		starts := []time.Time{start}
		var series *model.AppointmentSeries
		if in.Recurrence != nil && startOK {
			first := start.In(loc)
			rule, occ := expand(pr, first, *in.Recurrence)
			starts = occ
			series = &model.AppointmentSeries{ID: id.New(), PracticeID: p.PracticeID, RRule: rule, FirstLocal: first.Format(LocalLayout),
				TimeZone: loc.String(), CreatedBy: p.StaffID, CreatedAt: s.now()}
		}
		if err := pr.Err(); err != nil {
			return err
		}
		length := time.Duration(minutes) * time.Minute
		spans := make([]span, len(starts))
		for i, st := range starts {
			spans[i] = span{st, st.Add(length)}
		}
		if !in.ConfirmOverlap {
			if oe, err := overlaps(ctx, q, who, clinician, spans, nil); err != nil || oe != nil {
				if err != nil {
					return err
				}
				return oe
			}
		}
		if series != nil {
			if err := store.InsertAppointmentSeries(ctx, q, *series); err != nil {
				return err
			}
		}
		now := s.now()
		first := map[string]string{} // each chart's first appointment, for the audit
		for _, st := range starts {
			group := ""
			if len(charts) > 1 {
				group = id.New()
			}
			for _, c := range charts {
				a := model.Appointment{ID: id.New(), PracticeID: p.PracticeID, ChartID: c.ID, ClinicianID: clinician, ServiceID: in.ServiceID,
					GroupSessionID: group, StartsAt: st, DurationMinutes: minutes, LocationKind: in.LocationKind, Location: in.Location,
					Status: model.AppointmentScheduled, CreatedBy: p.StaffID, CreatedAt: now, UpdatedAt: now}
				if series != nil {
					a.SeriesID = series.ID
				}
				if err := store.InsertAppointment(ctx, q, a); err != nil {
					return err
				}
				if err := syncReminders(ctx, q, prac, a, now); err != nil {
					return err
				}
				if first[c.ID] == "" {
					first[c.ID] = a.ID
				}
			}
		}
		for _, c := range charts {
			e := s.event(p, action, c.ID, first[c.ID])
			e.Detail = fmt.Sprintf("occurrences=%d clinician=%s", len(starts), clinician)
			if series != nil {
				e.Detail += " series=" + series.ID
			}
			if len(charts) > 1 {
				e.Detail += fmt.Sprintf(" group_session_charts=%d", len(charts))
			}
			if err := s.Audit.Append(ctx, q, e); err != nil {
				return err
			}
		}
		rows, err := s.bookedRows(ctx, q, p, series, first, charts)
		out = Booked{Appointments: rows, Series: series, Zone: loc}
		return err
	})
	if err != nil {
		return Booked{}, s.denied(ctx, p, action, deniedChart, err)
	}
	return out, nil
}

// bookedRows reads back what a booking stored, with names: a series' occurrences, or the one appointment
// of each chart.
func (s *Service) bookedRows(ctx context.Context, q store.Q, p model.Principal, series *model.AppointmentSeries, first map[string]string, charts []model.Client) ([]store.AppointmentRow, error) {
	if series != nil {
		return store.SeriesAppointmentsFrom(ctx, q, p.PracticeID, series.ID, time.Time{})
	}
	var out []store.AppointmentRow
	for _, c := range charts {
		r, err := store.AppointmentByID(ctx, q, p.PracticeID, first[c.ID])
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// dedupe trims ids and drops empty and repeated ones, keeping their order.
func dedupe(ids []string) []string {
	var out []string
	for _, v := range ids {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
