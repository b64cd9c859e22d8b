package api

import (
	"net/http"
	"time"

	"tend/internal/appointments"
	"tend/internal/model"
	"tend/internal/store"
)

// Appointments (issue 16, items 3 and 11; AP-1, GR-6). Times are RFC 3339 in UTC; local_start is the
// same start in the practice's time zone, as the calendar shows it.

type apptJSON struct {
	ID              string     `json:"id"`
	ClientID        string     `json:"client_id"`
	ClientName      string     `json:"client_name"`
	ClientKind      string     `json:"client_kind"`
	ClinicianID     string     `json:"clinician_id"`
	ClinicianName   string     `json:"clinician_name"`
	ServiceID       string     `json:"service_id"`
	ServiceName     string     `json:"service_name"`
	ServiceCode     string     `json:"service_code"`
	SeriesID        string     `json:"series_id"`
	GroupSessionID  string     `json:"group_session_id"`
	StartsAt        time.Time  `json:"starts_at"`
	EndsAt          time.Time  `json:"ends_at"`
	LocalStart      string     `json:"local_start"`
	TimeZone        string     `json:"time_zone"`
	DurationMinutes int        `json:"duration_minutes"`
	LocationKind    string     `json:"location_kind"`
	Location        string     `json:"location"`
	Status          string     `json:"status"`
	StatusChangedAt *time.Time `json:"status_changed_at"`
	CreatedBy       string     `json:"created_by"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	Can             *apptCaps  `json:"can,omitempty"`
}

type apptCaps struct {
	Change bool `json:"change"`
}

func toAppt(r store.AppointmentRow, loc *time.Location) apptJSON {
	return apptJSON{ID: r.ID, ClientID: r.ChartID, ClientName: r.ChartName, ClientKind: string(r.ChartKind), ClinicianID: r.ClinicianID,
		ClinicianName: r.ClinicianName, ServiceID: r.ServiceID, ServiceName: r.ServiceName, ServiceCode: r.ServiceCode, SeriesID: r.SeriesID,
		GroupSessionID: r.GroupSessionID, StartsAt: r.StartsAt, EndsAt: r.EndsAt(), LocalStart: r.StartsAt.In(loc).Format(appointments.LocalLayout),
		TimeZone: loc.String(), DurationMinutes: r.DurationMinutes, LocationKind: r.LocationKind, Location: r.Location, Status: string(r.Status),
		StatusChangedAt: timePtr(r.StatusChangedAt), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func toAppts(rows []store.AppointmentRow, loc *time.Location) []apptJSON {
	out := make([]apptJSON, 0, len(rows))
	for _, r := range rows {
		out = append(out, toAppt(r, loc))
	}
	return out
}

// overlapJSON is an appointment in the way of a booking (error code overlap). client_id and client_name
// are empty when the chart is one you may not see.
type overlapJSON struct {
	ID              string    `json:"id"`
	ClientID        string    `json:"client_id"`
	ClientName      string    `json:"client_name"`
	ClinicianID     string    `json:"clinician_id"`
	StartsAt        time.Time `json:"starts_at"`
	EndsAt          time.Time `json:"ends_at"`
	DurationMinutes int       `json:"duration_minutes"`
	Status          string    `json:"status"`
}

func toOverlaps(oe *appointments.OverlapError) []overlapJSON {
	out := make([]overlapJSON, 0, len(oe.Overlaps))
	for _, o := range oe.Overlaps {
		out = append(out, overlapJSON{o.ID, o.ChartID, o.ChartName, o.ClinicianID, o.StartsAt,
			o.StartsAt.Add(time.Duration(o.DurationMinutes) * time.Minute), o.DurationMinutes, string(o.Status)})
	}
	return out
}

type recurrenceJSON struct {
	Frequency string `json:"frequency"`
	Until     string `json:"until"`
	Count     int    `json:"count"`
}

type bookRequest struct {
	ChartID         string          `json:"chart_id"`
	ChartIDs        []string        `json:"chart_ids"`
	ClinicianID     string          `json:"clinician_id"`
	ServiceID       string          `json:"service_id"`
	StartsAt        string          `json:"starts_at"`
	DurationMinutes *int            `json:"duration_minutes"`
	EndsAt          string          `json:"ends_at"`
	LocationKind    string          `json:"location_kind"`
	Location        string          `json:"location"`
	Recurrence      *recurrenceJSON `json:"recurrence"`
	ConfirmOverlap  bool            `json:"confirm_overlap"`
}

type seriesJSON struct {
	ID         string `json:"id"`
	RRule      string `json:"rrule"`
	FirstLocal string `json:"first_local"`
	TimeZone   string `json:"time_zone"`
}

type bookedJSON struct {
	Appointments []apptJSON  `json:"appointments"`
	Series       *seriesJSON `json:"series"`
}

// bookAppointment books one appointment, a recurring series or a group session.
func (s *Server) bookAppointment(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in bookRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ids := in.ChartIDs
	if in.ChartID != "" {
		ids = append([]string{in.ChartID}, ids...)
	}
	bi := appointments.BookInput{ChartIDs: ids, ClinicianID: in.ClinicianID, ServiceID: in.ServiceID, Start: in.StartsAt,
		DurationMinutes: in.DurationMinutes, End: in.EndsAt, LocationKind: in.LocationKind, Location: in.Location, ConfirmOverlap: in.ConfirmOverlap}
	if in.Recurrence != nil {
		bi.Recurrence = &appointments.Recurrence{Frequency: in.Recurrence.Frequency, Until: in.Recurrence.Until, Count: in.Recurrence.Count}
	}
	b, err := s.Appointments.Book(r.Context(), p, bi)
	if err != nil {
		return err
	}
	out := bookedJSON{Appointments: toAppts(b.Appointments, b.Zone)}
	if b.Series != nil {
		out.Series = &seriesJSON{b.Series.ID, b.Series.RRule, b.Series.FirstLocal, b.Series.TimeZone}
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

type appointmentPage struct {
	Items        []apptJSON `json:"items"`
	From         time.Time  `json:"from"`
	To           time.Time  `json:"to"`
	ClinicianID  string     `json:"clinician_id"`
	PracticeWide bool       `json:"practice_wide"`
	// NextAfter is the after= of the next page; "" on the last.
	NextAfter string `json:"next_after"`
}

// listAppointments reads a calendar range: one clinician's, or the practice's.
func (s *Server) listAppointments(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	qv := r.URL.Query()
	after, err := appointments.ParseCursor("after", qv.Get("after"))
	if err != nil {
		return err
	}
	rg, err := s.Appointments.Range(r.Context(), p, appointments.RangeQuery{From: qv.Get("from"), To: qv.Get("to"), ClinicianID: qv.Get("clinician_id"), After: after})
	if err != nil {
		return err
	}
	out := appointmentPage{Items: make([]apptJSON, 0, len(rg.Items)), From: rg.From, To: rg.To, ClinicianID: rg.ClinicianID,
		PracticeWide: rg.PracticeWide, NextAfter: appointments.FormatCursor(rg.Next)}
	for i, it := range rg.Items {
		a := toAppt(it, rg.Zone)
		a.Can = &apptCaps{rg.Caps[i].Change}
		out.Items = append(out.Items, a)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// getAppointment opens one appointment.
func (s *Server) getAppointment(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Appointments.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	a := toAppt(v.Appointment, v.Zone)
	a.Can = &apptCaps{v.Caps.Change}
	writeJSON(w, http.StatusOK, a)
	return nil
}

type editRequest struct {
	Scope           string  `json:"scope"`
	StartsAt        *string `json:"starts_at"`
	DurationMinutes *int    `json:"duration_minutes"`
	ClinicianID     *string `json:"clinician_id"`
	ServiceID       *string `json:"service_id"`
	LocationKind    *string `json:"location_kind"`
	Location        *string `json:"location"`
	ConfirmOverlap  bool    `json:"confirm_overlap"`
}

type changedJSON struct {
	Appointments []apptJSON `json:"appointments"`
}

// editAppointment changes one appointment, or it and the following ones of its series.
func (s *Server) editAppointment(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in editRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c, err := s.Appointments.Edit(r.Context(), p, r.PathValue("id"), appointments.EditInput{Scope: in.Scope, Start: in.StartsAt,
		DurationMinutes: in.DurationMinutes, ClinicianID: in.ClinicianID, ServiceID: in.ServiceID, LocationKind: in.LocationKind,
		Location: in.Location, ConfirmOverlap: in.ConfirmOverlap})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, changedJSON{toAppts(c.Appointments, c.Zone)})
	return nil
}

type statusRequest struct {
	Status string `json:"status"`
	Scope  string `json:"scope"`
}

// setAppointmentStatus marks an appointment attended, no-show, late cancel, cancelled or scheduled.
func (s *Server) setAppointmentStatus(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in statusRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c, err := s.Appointments.SetStatus(r.Context(), p, r.PathValue("id"), model.AppointmentStatus(in.Status), in.Scope)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, changedJSON{toAppts(c.Appointments, c.Zone)})
	return nil
}

type chartAppointmentPage struct {
	Items      []apptJSON `json:"items"`
	NextBefore string     `json:"next_before"`
	Can        apptCaps   `json:"can"`
}

// chartAppointments pages a chart's appointments newest first.
func (s *Server) chartAppointments(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	before, err := appointments.ParseCursor("before", r.URL.Query().Get("before"))
	if err != nil {
		return err
	}
	cs, err := s.Appointments.OfChart(r.Context(), p, r.PathValue("id"), before)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, chartAppointmentPage{Items: toAppts(cs.Items, cs.Zone), NextBefore: appointments.FormatCursor(cs.Next),
		Can: apptCaps{cs.Caps.Change}})
	return nil
}
