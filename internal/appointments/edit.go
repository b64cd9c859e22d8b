package appointments

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tend/internal/authz"
	"tend/internal/ledger"
	"tend/internal/model"
	"tend/internal/store"
)

// The scopes of an edit or a cancellation of a series' occurrence.
const (
	ScopeThis      = "this"      // this appointment alone
	ScopeFollowing = "following" // this one and the series' later scheduled ones
)

// EditInput changes an appointment; nil fields stay as they are.
type EditInput struct {
	Scope           string  // ScopeThis (default) or ScopeFollowing
	Start           *string // an RFC 3339 instant or a local date and time in the practice's time zone
	DurationMinutes *int
	ClinicianID     *string
	ServiceID       *string // "" removes the service
	LocationKind    *string
	Location        *string
	ConfirmOverlap  bool
}

// Changed is what an edit or a status change stored.
type Changed struct {
	Appointments []store.AppointmentRow // in time order
	Zone         *time.Location
}

// Edit changes an appointment's time, length, clinician, service or location, all or nothing. With
// ScopeFollowing, the series' later scheduled occurrences change too: a new start moves each of them by
// the same shift of local wall time (so 15:00 stays 15:00 across daylight-saving changes), and the earlier
// ones are left as they were. A group session's appointments move together. A move onto the clinician's
// other appointments answers *OverlapError unless ConfirmOverlap. Proves AP-1.
func (s *Service) Edit(ctx context.Context, p model.Principal, apptID string, in EditInput) (Changed, error) {
	const action = "appointment.change"
	var out Changed
	var chartID string
	err := s.Store.Tx(ctx, func(q store.Q) error {
		o, err := s.open(ctx, q, p, apptID, authz.Change)
		chartID = o.row.ChartID
		if err != nil {
			return err
		}
		if err := store.LockAppointment(ctx, q, p.PracticeID, apptID); err != nil {
			return err
		}
		if o.row, err = store.AppointmentByID(ctx, q, p.PracticeID, apptID); err != nil {
			return err
		}
		prac, loc, err := practice(ctx, q, p)
		if err != nil {
			return err
		}
		targets, err := s.scoped(ctx, q, o, in.Scope)
		if err != nil {
			return err
		}
		pr := model.Problems{}
		var shift func(time.Time) time.Time
		if in.Start != nil {
			start, ok := parseTime(*in.Start, loc)
			if !ok {
				pr.Add("starts_at", "Give the start as a date and time, 2026-03-02T15:00 (or an RFC 3339 time).")
			} else {
				shift = wallShift(o.row.StartsAt, start, loc)
			}
		}
		if in.DurationMinutes != nil {
			checkDuration(pr, "duration_minutes", *in.DurationMinutes)
		}
		clinician := o.row.ClinicianID
		if in.ClinicianID != nil {
			clinician = strings.TrimSpace(*in.ClinicianID)
			if err := checkClinician(ctx, q, pr, p.PracticeID, clinician); err != nil {
				return err
			}
		}
		if in.ServiceID != nil {
			*in.ServiceID = strings.TrimSpace(*in.ServiceID)
			if *in.ServiceID != o.row.ServiceID { // an archived service stays on the appointments that had it
				if _, err := checkService(ctx, q, pr, p.PracticeID, *in.ServiceID); err != nil {
					return err
				}
			}
		}
		kind, where := o.row.LocationKind, o.row.Location
		if in.LocationKind != nil {
			kind = *in.LocationKind
		}
		if in.Location != nil {
			where = *in.Location
		}
		if in.LocationKind != nil || in.Location != nil {
			checkLocation(pr, &kind, &where)
		}
		if err := pr.Err(); err != nil {
			return err
		}
		now := s.now()
		spans := make([]span, 0, len(targets))
		skip := map[string]bool{}
		for i := range targets {
			a := &targets[i].Appointment
			if shift != nil {
				a.StartsAt = shift(a.StartsAt)
			}
			if in.DurationMinutes != nil {
				a.DurationMinutes = *in.DurationMinutes
			}
			if in.ServiceID != nil {
				a.ServiceID = *in.ServiceID
			}
			a.ClinicianID, a.LocationKind, a.Location, a.UpdatedAt = clinician, kind, where, now
			spans = append(spans, span{a.StartsAt, a.EndsAt()})
			skip[a.ID] = true
		}
		if !in.ConfirmOverlap && (shift != nil || in.DurationMinutes != nil || clinician != o.row.ClinicianID) {
			if oe, err := overlaps(ctx, q, o.who, clinician, spans, skip); err != nil || oe != nil {
				if err != nil {
					return err
				}
				return oe
			}
		}
		perChart := map[string]int{}
		for _, t := range targets {
			if err := store.UpdateAppointment(ctx, q, t.Appointment); err != nil {
				return err
			}
			if err := syncReminders(ctx, q, prac, t.Appointment, now); err != nil {
				return err
			}
			// PY-1: an attended or no-show appointment whose service or day changed is charged again
			// (the old charge reversed); only those two statuses ever hold a charge.
			if st := t.Status; st == model.AppointmentAttended || st == model.AppointmentNoShow {
				if err := ledger.SyncCharge(ctx, q, s.Audit, p, prac, t.Appointment, now); err != nil {
					return err
				}
			}
			perChart[t.ChartID]++
		}
		if err := s.auditChange(ctx, q, p, action, o.row, perChart, fmt.Sprintf("scope=%s", scopeOf(in.Scope))); err != nil {
			return err
		}
		out, err = s.reread(ctx, q, p, targets, loc)
		return err
	})
	if err != nil {
		return Changed{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

func scopeOf(s string) string {
	if s == "" {
		return ScopeThis
	}
	return s
}

// scoped lists the appointments an edit of o reaches: o (with its group session's other appointments),
// or with ScopeFollowing o and its series' later scheduled occurrences. Each must be on a chart the person
// may change.
func (s *Service) scoped(ctx context.Context, q store.Q, o opened, scope string) ([]store.AppointmentRow, error) {
	var rows []store.AppointmentRow
	var err error
	switch scopeOf(scope) {
	case ScopeThis:
		rows = []store.AppointmentRow{o.row}
		if o.row.GroupSessionID != "" {
			rows, err = store.GroupSessionAppointments(ctx, q, o.row.PracticeID, o.row.GroupSessionID)
		}
	case ScopeFollowing:
		if o.row.SeriesID == "" {
			return nil, model.FieldError("scope", "This appointment is not part of a series: change it alone (scope this).")
		}
		var all []store.AppointmentRow
		all, err = store.SeriesAppointmentsFrom(ctx, q, o.row.PracticeID, o.row.SeriesID, o.row.StartsAt)
		for _, r := range all {
			if r.ID == o.row.ID || r.Status == model.AppointmentScheduled {
				rows = append(rows, r)
			}
		}
	default:
		return nil, model.FieldError("scope", "Choose this (this appointment) or following (this one and the later ones of its series).")
	}
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if err := authz.Decide(o.who, authz.Change, target(r)); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// wallShift returns a function that moves a time by the local wall-clock change from old to new in loc:
// days and clock time, so a series at 15:00 moved to 16:00 stays at 16:00 on both sides of a
// daylight-saving change.
func wallShift(old, new time.Time, loc *time.Location) func(time.Time) time.Time {
	wall := func(t time.Time) time.Time {
		l := t.In(loc)
		return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
	}
	delta := wall(new).Sub(wall(old))
	return func(t time.Time) time.Time {
		w := wall(t).Add(delta)
		return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc).UTC()
	}
}

// auditChange records one event per chart a change reached, naming the appointment asked about.
func (s *Service) auditChange(ctx context.Context, q store.Q, p model.Principal, action string, asked store.AppointmentRow, perChart map[string]int, detail string) error {
	for chartID, n := range perChart {
		e := s.event(p, action, chartID, asked.ID)
		e.Detail = fmt.Sprintf("%s appointments=%d", detail, n)
		if asked.SeriesID != "" {
			e.Detail += " series=" + asked.SeriesID
		}
		if err := s.Audit.Append(ctx, q, e); err != nil {
			return err
		}
	}
	return nil
}

// reread reads the changed appointments back with their names.
func (s *Service) reread(ctx context.Context, q store.Q, p model.Principal, rows []store.AppointmentRow, loc *time.Location) (Changed, error) {
	out := Changed{Zone: loc}
	for _, r := range rows {
		n, err := store.AppointmentByID(ctx, q, p.PracticeID, r.ID)
		if err != nil {
			return Changed{}, err
		}
		out.Appointments = append(out.Appointments, n)
	}
	return out, nil
}
