// Package appointments holds the use cases of the calendar's sessions (AP-1, GR-6): booking one
// appointment, a recurring series (every occurrence a row, expanded in the practice's time zone so each
// keeps its local time across daylight-saving changes) or a group session; the double-booking warning;
// edits and cancellations of one occurrence or of it and the following ones; status changes; and the
// range reads of a clinician's or the practice's calendar and a chart's sessions. Every rule of who may
// do what is a row of package authz (Appointments); every read and change is audited with ids only.
package appointments

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Service runs the appointment use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess
}

// ChartAccess is what appointments need of the client records: the visibility rules and how the policy
// sees a person.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	Who(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
}

// recordType is how the audit log names an appointment.
const recordType = "appointment"

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// event starts an audit event about an appointment (or, with apptID "", about the chart's appointments).
func (s *Service) event(p model.Principal, action, chartID, apptID string) model.AuditEvent {
	return audit.StaffEvent(p, s.now(), action, chartID, recordType, apptID)
}

func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// denied audits a refused attempt on a chart and returns err wrapped with the action.
func (s *Service) denied(ctx context.Context, p model.Principal, action, chartID string, err error) error {
	if chartID != "" && (errors.Is(err, model.ErrForbidden) || errors.Is(err, model.ErrNotFound)) {
		err = s.Charts.AuditDenied(ctx, p, action, chartID, err)
	}
	return fmt.Errorf("appointments: %s: %w", action, err)
}

// Caps are what the person may do with an appointment, for pages and API answers.
type Caps struct {
	Change bool // edit, cancel, change its status
}

// target is the policy's view of an appointment's chart, from the row's joined chart columns.
func target(r store.AppointmentRow) authz.Target {
	return authz.InChart(authz.Appointments, model.Client{PracticeID: r.PracticeID, AssignedClinicianID: r.ChartClinicianID})
}

// opened is an appointment the person reached, and how the policy sees them.
type opened struct {
	row store.AppointmentRow
	who authz.Who
}

// open reads an appointment of the person's practice and asks the policy for act on its chart: another
// practice's, or one on a chart out of reach, answers model.ErrNotFound like a missing one.
func (s *Service) open(ctx context.Context, q store.Q, p model.Principal, apptID string, act authz.Action) (opened, error) {
	if !id.Valid(apptID) {
		return opened{}, fmt.Errorf("appointments: malformed id: %w", model.ErrNotFound)
	}
	r, err := store.AppointmentByID(ctx, q, p.PracticeID, apptID)
	if err != nil {
		return opened{}, err
	}
	who, err := s.Charts.Who(ctx, q, p)
	if err != nil {
		return opened{}, err
	}
	return opened{row: r, who: who}, authz.Decide(who, act, target(r))
}

// practice reads the person's practice: its time zone places local times.
func practice(ctx context.Context, q store.Q, p model.Principal) (model.Practice, *time.Location, error) {
	pr, err := store.PracticeByID(ctx, q, p.PracticeID)
	if err != nil {
		return pr, nil, err
	}
	return pr, pr.Location(), nil
}

// LocalLayout is how a local date and time is written: 2026-03-02T15:00.
const LocalLayout = "2006-01-02T15:04"

// parseTime reads an RFC 3339 instant, or a local date and time (LocalLayout) in loc.
func parseTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Truncate(time.Millisecond), true
	}
	if t, err := time.ParseInLocation(LocalLayout, s, loc); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// Cursor is a page's key: the start and id of the last appointment of the page before.
type Cursor = store.RangeCursor

// FormatCursor writes a cursor for a next= parameter; the zero cursor is "".
func FormatCursor(c Cursor) string {
	if c.ID == "" {
		return ""
	}
	return strconv.FormatInt(c.At.UnixMilli(), 10) + "_" + c.ID
}

// ParseCursor reads FormatCursor's text; anything else is a field error on field.
func ParseCursor(field, s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	at, idPart, ok := strings.Cut(s, "_")
	n, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || !id.Valid(idPart) {
		return Cursor{}, model.FieldError(field, "Use the cursor of the page before, as it was given.")
	}
	return Cursor{At: time.UnixMilli(n).UTC(), ID: idPart}, nil
}

// OverlapError is the double-booking warning: the clinician already has these appointments at that time.
// Nothing was saved; send the request again with ConfirmOverlap to book anyway.
type OverlapError struct {
	Overlaps []Overlap
}

// Overlap is an appointment in the clinician's way. ChartName is "" when the person may not see the chart.
type Overlap struct {
	ID, ChartID, ChartName, ClinicianID string
	StartsAt                            time.Time
	DurationMinutes                     int
	Status                              model.AppointmentStatus
}

func (e *OverlapError) Error() string {
	return fmt.Sprintf("appointments: the clinician has %d appointment(s) at that time", len(e.Overlaps))
}

// Unwrap lets errors.Is(err, model.ErrConflict) match.
func (e *OverlapError) Unwrap() error { return model.ErrConflict }

// Message says what the warning means, for people.
func (e *OverlapError) Message() string {
	if len(e.Overlaps) == 1 {
		return "The clinician already has an appointment at that time. Book anyway, or choose another time."
	}
	return fmt.Sprintf("The clinician already has %d appointments at those times. Book anyway, or choose other times.", len(e.Overlaps))
}

// span is one interval to check for overlaps, and the appointments it must not count (itself when moved).
type span struct {
	start time.Time
	end   time.Time
}

// overlaps finds the clinician's appointments that hold their time during any of spans, leaving out the
// ids in skip, in one statement over the spans' whole window. Nil means none.
func overlaps(ctx context.Context, q store.Q, who authz.Who, clinicianID string, spans []span, skip map[string]bool) (*OverlapError, error) {
	if len(spans) == 0 {
		return nil, nil
	}
	from, to := spans[0].start, spans[0].end
	for _, sp := range spans {
		if sp.start.Before(from) {
			from = sp.start
		}
		if sp.end.After(to) {
			to = sp.end
		}
	}
	busy, err := store.ClinicianBusy(ctx, q, who.PracticeID, clinicianID, from, to)
	if err != nil {
		return nil, err
	}
	var out []Overlap
	for _, b := range busy {
		if skip[b.ID] {
			continue
		}
		for _, sp := range spans {
			if b.StartsAt.Before(sp.end) && b.EndsAt().After(sp.start) {
				o := Overlap{ID: b.ID, ChartID: b.ChartID, ClinicianID: b.ClinicianID, StartsAt: b.StartsAt, DurationMinutes: b.DurationMinutes, Status: b.Status}
				if authz.Can(who, authz.View, target(b)) {
					o.ChartName = b.ChartName
				} else {
					o.ChartID = ""
				}
				out = append(out, o)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return &OverlapError{Overlaps: out}, nil
}
