package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"tend/internal/appointments"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/sessions"
)

// apptPage is one appointment (issue 16, item 4): when, who, service, place, status and series; its
// status actions and the edit form (this one, or this and the following ones of its series).
type apptPage struct {
	page
	appointments.View
	When         string
	Day          string // YYYY-MM-DD in the practice's time zone
	Started      bool
	Actions      []statusAction
	Form         form
	Services     []model.Service
	Clinicians   []model.Staff
	Overlaps     []overlapView
	CalendarURL  string
	WriteNoteURL string
	NoteURL      string
	StatusError  string // a refused status change
}

// statusAction is a status change the page offers as a button.
type statusAction struct {
	Status model.AppointmentStatus
	Scope  string
	Label  string
	Danger bool
}

// apptView shows an appointment; another practice's, or one out of reach, is 404.
func (s *Server) apptView(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	return s.renderAppt(w, r, p, nil, nil, "", http.StatusOK)
}

// renderAppt reads the appointment and shows it, with a refused edit's form (f) or overlap warning.
func (s *Server) renderAppt(w http.ResponseWriter, r *http.Request, p model.Principal, f *form, oe *appointments.OverlapError, statusErr string, status int) error {
	v, err := s.Appointments.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Appointment", "calendar")
	if err != nil {
		return err
	}
	a := v.Appointment
	loc := model.Locale{Zone: v.Zone, Format: pg.Loc.Format}
	data := apptPage{page: pg, View: v, When: weekdayName(a.StartsAt.In(v.Zone)) + " " + loc.Time(a.StartsAt) + "–" + loc.Clock(a.EndsAt()),
		Day: a.StartsAt.In(v.Zone).Format(time.DateOnly), Started: !a.StartsAt.After(s.Accounts.Now()),
		CalendarURL: calendarWeekURL(a.StartsAt, v.Zone, a.ClinicianID)}
	if f == nil {
		nf := newForm()
		nf.Values["starts_at"] = a.StartsAt.In(v.Zone).Format(appointments.LocalLayout)
		nf.Values["duration_minutes"] = strconv.Itoa(a.DurationMinutes)
		nf.Values["service_id"], nf.Values["clinician_id"] = a.ServiceID, a.ClinicianID
		nf.Values["location_kind"], nf.Values["location"], nf.Values["scope"] = a.LocationKind, a.Location, appointments.ScopeThis
		f = &nf
	}
	data.Form, data.StatusError = *f, statusErr
	if v.Caps.Change {
		data.Actions = statusActions(a.Appointment, data.Started)
		if data.Services, err = s.Services.List(r.Context(), p, false); err != nil {
			return err
		}
		if data.Clinicians, err = s.assignable(r, p); err != nil {
			return err
		}
	}
	if oe != nil {
		for _, o := range oe.Overlaps {
			ov := overlapView{When: loc.Time(o.StartsAt) + " · " + strconv.Itoa(o.DurationMinutes) + " min", Name: o.ChartName, URL: "/appointments/" + o.ID}
			if o.ChartName == "" {
				ov.URL = ""
			}
			data.Overlaps = append(data.Overlaps, ov)
		}
	}
	if a.Status == model.AppointmentAttended {
		dn, err := s.Notes.OnDays(r.Context(), p, a.ChartID, data.Day, data.Day)
		switch {
		case errors.Is(err, model.ErrNotFound) || errors.Is(err, model.ErrForbidden):
		case err != nil:
			return err
		case dn.StateOn(data.Day) == notes.SessionNoteNone:
			if dn.Caps.Write {
				data.WriteNoteURL = newNoteURL(a.ChartID, sessions.Session{Appointment: a, Day: data.Day})
			}
		default:
			if n, ok := dn.ByDay[data.Day]; ok && dn.Caps.ReadBodies {
				data.NoteURL = "/clients/" + a.ChartID + "/notes/" + n.ID
			}
		}
	}
	s.render(w, r, status, "appointment", data)
	return nil
}

// statusActions are the status changes that make sense now: attended and no-show once it has started.
func statusActions(a model.Appointment, started bool) []statusAction {
	var out []statusAction
	if a.Status != model.AppointmentScheduled {
		out = append(out, statusAction{Status: model.AppointmentScheduled, Scope: appointments.ScopeThis, Label: "Back to scheduled"})
	}
	if started {
		for _, st := range []model.AppointmentStatus{model.AppointmentAttended, model.AppointmentNoShow} {
			if a.Status != st {
				out = append(out, statusAction{Status: st, Scope: appointments.ScopeThis, Label: "Mark " + st.Label()})
			}
		}
	}
	if a.Status != model.AppointmentLateCancel {
		out = append(out, statusAction{Status: model.AppointmentLateCancel, Scope: appointments.ScopeThis, Label: "Late cancel"})
	}
	if a.Status != model.AppointmentCancelled {
		label := "Cancel"
		if a.SeriesID != "" {
			label = "Cancel this one"
		}
		out = append(out, statusAction{Status: model.AppointmentCancelled, Scope: appointments.ScopeThis, Label: label, Danger: true})
	}
	if a.SeriesID != "" {
		out = append(out, statusAction{Status: model.AppointmentCancelled, Scope: appointments.ScopeFollowing, Label: "Cancel this and following", Danger: true})
	}
	return out
}

// apptStatus changes the status and goes back to the calendar week that holds the appointment.
func (s *Server) apptStatus(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	st := model.AppointmentStatus(r.PostFormValue("status"))
	ch, err := s.Appointments.SetStatus(r.Context(), p, r.PathValue("id"), st, r.PostFormValue("scope"))
	if err != nil {
		f := newForm()
		if errors.Is(err, model.ErrNotFound) || !validation(err, &f) {
			return err
		}
		msg := f.Message
		for _, k := range []string{"status", "scope"} {
			if m, ok := f.Errors[k]; ok {
				msg = m
			}
		}
		return s.renderAppt(w, r, p, nil, nil, msg, http.StatusUnprocessableEntity)
	}
	s.setFlash(w, "The appointment is "+statusWord(st, len(ch.Appointments))+".")
	http.Redirect(w, r, s.backTo(r, ch), http.StatusSeeOther)
	return nil
}

func statusWord(st model.AppointmentStatus, n int) string {
	w := map[model.AppointmentStatus]string{model.AppointmentScheduled: "scheduled again", model.AppointmentAttended: "marked attended",
		model.AppointmentNoShow: "marked no-show", model.AppointmentLateCancel: "marked late cancel", model.AppointmentCancelled: "cancelled"}[st]
	if n > 1 {
		w += " with " + strconv.Itoa(n-1) + " following"
	}
	return w
}

// backTo is where a change returns: the page it came from when that was the appointment page, else the
// calendar week that holds the appointment.
func (s *Server) backTo(r *http.Request, ch appointments.Changed) string {
	a := ch.Appointments[0]
	for _, it := range ch.Appointments {
		if it.ID == r.PathValue("id") {
			a = it
		}
	}
	return calendarWeekURL(a.StartsAt, ch.Zone, a.ClinicianID)
}

// apptEdit moves or changes an appointment (this one, or it and the following ones), warning of overlaps.
func (s *Server) apptEdit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "starts_at", "duration_minutes", "service_id", "clinician_id", "location_kind", "location", "scope")
	pr := model.Problems{}
	in := appointments.EditInput{Scope: f.Get("scope"), ConfirmOverlap: r.PostFormValue("op") == "confirm"}
	start, svc, clin, kind, where := f.Get("starts_at"), f.Get("service_id"), f.Get("clinician_id"), f.Get("location_kind"), f.Get("location")
	in.Start, in.ServiceID, in.LocationKind, in.Location = &start, &svc, &kind, &where
	if clin != "" {
		in.ClinicianID = &clin
	}
	in.DurationMinutes = minutesField(pr, f.Get("duration_minutes"))
	if err := pr.Err(); err != nil {
		validation(err, &f)
		return s.renderAppt(w, r, p, &f, nil, "", http.StatusUnprocessableEntity)
	}
	ch, err := s.Appointments.Edit(r.Context(), p, r.PathValue("id"), in)
	var oe *appointments.OverlapError
	switch {
	case errors.As(err, &oe):
		f.Message = oe.Message()
		return s.renderAppt(w, r, p, &f, oe, "", http.StatusConflict)
	case err != nil:
		if errors.Is(err, model.ErrNotFound) || !validation(err, &f) {
			return err
		}
		return s.renderAppt(w, r, p, &f, nil, "", http.StatusUnprocessableEntity)
	}
	msg := "The appointment is changed."
	if len(ch.Appointments) > 1 {
		msg = "The appointments are changed: " + strconv.Itoa(len(ch.Appointments)) + " of them."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, s.backTo(r, ch), http.StatusSeeOther)
	return nil
}
