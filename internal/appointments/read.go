package appointments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// View is one appointment with what the person may do.
type View struct {
	Appointment store.AppointmentRow
	Caps        Caps
	Zone        *time.Location
	// Group lists the other appointments of its group session (GR-6) whose charts the person may open;
	// GroupHidden counts those they may not.
	Group       []store.AppointmentRow
	GroupHidden int
}

// Get opens one appointment and audits the read. Another practice's, or one on a chart out of reach,
// answers model.ErrNotFound.
func (s *Service) Get(ctx context.Context, p model.Principal, apptID string) (View, error) {
	const action = "appointment.view"
	q := s.Store.R()
	o, err := s.open(ctx, q, p, apptID, authz.View)
	if err != nil {
		return View{}, s.denied(ctx, p, action, o.row.ChartID, err)
	}
	_, loc, err := practice(ctx, q, p)
	if err != nil {
		return View{}, fmt.Errorf("appointments: view: %w", err)
	}
	v := View{Appointment: o.row, Caps: Caps{Change: authz.Can(o.who, authz.Change, target(o.row))}, Zone: loc}
	if o.row.GroupSessionID != "" {
		rows, err := store.GroupSessionAppointments(ctx, q, p.PracticeID, o.row.GroupSessionID)
		if err != nil {
			return View{}, fmt.Errorf("appointments: view: %w", err)
		}
		for _, r := range rows {
			switch {
			case r.ID == o.row.ID:
			case authz.Can(o.who, authz.View, target(r)):
				v.Group = append(v.Group, r)
			default:
				v.GroupHidden++
			}
		}
	}
	return v, s.recordRead(ctx, s.event(p, action, o.row.ChartID, o.row.ID))
}

// MaxRangeDays is the longest range a calendar read covers.
const MaxRangeDays = 42

// RangePageSize is how many appointments one page of a range holds: a busy practice's week fits in one.
const RangePageSize = 2000

// RangeQuery asks for the appointments that overlap [From, To).
type RangeQuery struct {
	// From and To are RFC 3339 instants, local dates and times (LocalLayout), or dates (YYYY-MM-DD, the
	// start of that day in the practice's time zone); To is exclusive.
	From, To string
	// ClinicianID is whose calendar; "" is the whole practice for those the policy lets see it, and one's
	// own calendar for everyone else.
	ClinicianID string
	After       Cursor // the page's start: the zero cursor for the first page
}

// Range is one page of a calendar range, in time order.
type Range struct {
	From, To     time.Time
	ClinicianID  string // "" for the whole practice
	PracticeWide bool
	Items        []store.AppointmentRow
	Caps         []Caps // per item
	Next         Cursor // the next page's key; zero on the last page
	Zone         *time.Location
}

// Range reads a calendar: one clinician's appointments, or the practice's (owner and admin), over at most
// MaxRangeDays, in pages by key. Only appointments on charts the person reaches are listed. The read is
// audited with the range and the clinician's id. Proves AP-1.
func (s *Service) Range(ctx context.Context, p model.Principal, in RangeQuery) (Range, error) {
	const action = "appointments.view"
	q := s.Store.R()
	_, loc, err := practice(ctx, q, p)
	if err != nil {
		return Range{}, fmt.Errorf("appointments: range: %w", err)
	}
	pr := model.Problems{}
	from, fromOK := parseDay(in.From, loc)
	to, toOK := parseDay(in.To, loc)
	if !fromOK {
		pr.Add("from", "Give from as a date (YYYY-MM-DD) or a date and time.")
	}
	if !toOK {
		pr.Add("to", "Give to as a date (YYYY-MM-DD) or a date and time.")
	}
	switch {
	case !fromOK || !toOK:
	case !to.After(from):
		pr.Add("to", "The end of the range is before its start.")
	case to.Sub(from) > MaxRangeDays*24*time.Hour+time.Hour: // an hour more for a daylight-saving change
		pr.Add("to", fmt.Sprintf("Ask for at most %d days at a time.", MaxRangeDays))
	}
	who, err := s.Charts.Who(ctx, q, p)
	if err != nil {
		return Range{}, fmt.Errorf("appointments: range: %w", err)
	}
	clinician := strings.TrimSpace(in.ClinicianID)
	wide := clinician == "" && authz.Can(who, authz.List, authz.On(authz.Appointments))
	if clinician == "" && !wide {
		clinician = p.StaffID
	}
	if clinician != "" && clinician != p.StaffID {
		if !id.Valid(clinician) {
			pr.Add("clinician_id", "There is no such staff member in your practice.")
		} else if _, err := store.StaffByID(ctx, q, p.PracticeID, clinician); errors.Is(err, model.ErrNotFound) {
			pr.Add("clinician_id", "There is no such staff member in your practice.")
		} else if err != nil {
			return Range{}, fmt.Errorf("appointments: range: %w", err)
		}
	}
	if err := pr.Err(); err != nil {
		return Range{}, fmt.Errorf("appointments: range: %w", err)
	}
	rows, err := store.AppointmentsInRange(ctx, q, p.PracticeID, clinician, from, to, in.After, RangePageSize+1)
	if err != nil {
		return Range{}, fmt.Errorf("appointments: range: %w", err)
	}
	out := Range{From: from, To: to, ClinicianID: clinician, PracticeWide: wide, Zone: loc}
	if len(rows) > RangePageSize {
		rows = rows[:RangePageSize]
		last := rows[len(rows)-1]
		out.Next = Cursor{At: last.StartsAt, ID: last.ID}
	}
	out.Items = rows[:0]
	for _, r := range rows {
		if authz.Can(who, authz.View, target(r)) {
			out.Items = append(out.Items, r)
			out.Caps = append(out.Caps, Caps{Change: authz.Can(who, authz.Change, target(r))})
		}
	}
	e := model.AuditEvent{PracticeID: p.PracticeID, At: s.now(), ActorType: model.ActorStaff, ActorID: p.StaffID, ActorRole: string(p.Role),
		Action: action, RecordType: "calendar", RecordID: clinician, IP: p.IP, Outcome: model.OutcomeSuccess,
		Detail: fmt.Sprintf("from=%s to=%s appointments=%d", from.Format(time.RFC3339), to.Format(time.RFC3339), len(out.Items))}
	if wide {
		e.RecordID = p.PracticeID
		e.Detail += " practice"
	}
	return out, s.recordRead(ctx, e)
}

// parseDay reads a date (the start of that day in loc) or a time as parseTime does.
func parseDay(s string, loc *time.Location) (time.Time, bool) {
	if d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), loc); err == nil {
		return d.UTC(), true
	}
	return parseTime(s, loc)
}

// ChartPageSize is how many of a chart's appointments one page holds.
const ChartPageSize = 50

// ChartSessions is one page of a chart's appointments, newest first.
type ChartSessions struct {
	Chart model.Client
	Items []store.AppointmentRow
	Caps  Caps   // the chart's appointments are changed by the same rule
	Next  Cursor // the next (older) page's key; zero on the last
	Zone  *time.Location
}

// OfChart lists a chart's appointments newest first, ChartPageSize a page before the cursor, and audits
// the read.
func (s *Service) OfChart(ctx context.Context, p model.Principal, chartID string, before Cursor) (ChartSessions, error) {
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
		return ChartSessions{}, s.denied(ctx, p, action, chartID, err)
	}
	_, loc, err := practice(ctx, q, p)
	if err != nil {
		return ChartSessions{}, fmt.Errorf("appointments: chart: %w", err)
	}
	rows, err := store.ChartAppointments(ctx, q, c.ID, before, ChartPageSize+1)
	if err != nil {
		return ChartSessions{}, fmt.Errorf("appointments: chart: %w", err)
	}
	out := ChartSessions{Chart: c, Items: rows, Caps: Caps{Change: authz.Can(who, authz.Change, authz.InChart(authz.Appointments, c))}, Zone: loc}
	if len(rows) > ChartPageSize {
		out.Items = rows[:ChartPageSize]
		last := out.Items[ChartPageSize-1]
		out.Next = Cursor{At: last.StartsAt, ID: last.ID}
	}
	return out, s.recordRead(ctx, s.event(p, action, c.ID, ""))
}
