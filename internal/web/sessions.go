package web

import (
	"net/http"
	"net/url"
	"strconv"

	"tend/internal/appointments"
	"tend/internal/model"
	"tend/internal/sessions"
)

// sessionsTab is the chart's Sessions tab (NT-2): its appointments newest first, each with its note's
// state and mood, paged by key.
type sessionsTab struct {
	sessions.Page
	Rows     []sessionRow
	OlderURL string
	NewerURL string // the first page, once paged
}

// sessionRow is one session with the link that starts its note.
type sessionRow struct {
	sessions.Session
	WriteNoteURL string
}

// loadSessionsTab reads a page of the chart's sessions (?before= pages older).
func (s *Server) loadSessionsTab(r *http.Request, p model.Principal, chartID string) (*sessionsTab, error) {
	before, err := appointments.ParseCursor("before", r.URL.Query().Get("before"))
	if err != nil {
		before = appointments.Cursor{} // a mangled link opens the newest page
	}
	pg, err := s.Sessions.List(r.Context(), p, chartID, before)
	if err != nil {
		return nil, err
	}
	t := &sessionsTab{Page: pg}
	for _, it := range pg.Items {
		row := sessionRow{Session: it}
		if it.WriteNote {
			row.WriteNoteURL = newNoteURL(chartID, it)
		}
		t.Rows = append(t.Rows, row)
	}
	if pg.Next.ID != "" {
		t.OlderURL = "/clients/" + chartID + "?" + url.Values{"tab": {"sessions"}, "before": {appointments.FormatCursor(pg.Next)}}.Encode()
	}
	if before.ID != "" {
		t.NewerURL = "/clients/" + chartID + "?tab=sessions"
	}
	return t, nil
}

// newNoteURL opens the Notes tab's new-note form filled from a session: its date of service, duration
// and service.
func newNoteURL(chartID string, it sessions.Session) string {
	v := url.Values{"tab": {"notes"}, "service_date": {it.Day}, "duration_minutes": {strconv.Itoa(it.Appointment.DurationMinutes)}}
	if it.Appointment.ServiceName != "" {
		v.Set("service_type", it.Appointment.ServiceName)
	}
	return "/clients/" + chartID + "?" + v.Encode() + "#new-note"
}
