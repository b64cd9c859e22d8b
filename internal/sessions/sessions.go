// Package sessions is a chart's Sessions list (NT-2): each of its appointments, newest first, beside the
// session note written for it. A note belongs to a session when they share the chart and the date of
// service; a page's notes are read in one statement for the page's range of dates. Who sees what is the
// two use cases' own policy: billing staff see the appointments and nothing of notes; admins see a
// note's state but not its mood score.
package sessions

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/appointments"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/store"
)

// Service reads a chart's sessions from the appointments and the session notes.
type Service struct {
	Appointments *appointments.Service
	Notes        *notes.Service
}

// Session is one appointment and the note of its day.
type Session struct {
	Appointment store.AppointmentRow
	Day         string // the date of service in the practice's time zone, YYYY-MM-DD
	NoteState   string // notes.SessionNote…; "" when the person may not know about notes
	NoteID      string // "" without a note, or when the person may not know about notes
	Mood        *int   // the note's mood score, for who reads note bodies
	// WriteNote is true when the person may start the note of this session from it: the session was
	// attended, it has no note yet, and the person writes notes on the chart.
	WriteNote bool
}

// Caps are what the page may show.
type Caps struct {
	Notes          bool // see note states (not billing)
	Mood           bool // see mood scores and open notes (who reads note bodies)
	ChangeSessions bool // change the chart's appointments
}

// Page is one page of a chart's sessions, newest first.
type Page struct {
	Items []Session
	Caps  Caps
	Next  appointments.Cursor // the older page's key; zero on the last
	Zone  *time.Location
}

// List reads a page of the chart's sessions before the cursor (zero: the newest) with their notes.
// Proves NT-2.
func (s *Service) List(ctx context.Context, p model.Principal, chartID string, before appointments.Cursor) (Page, error) {
	cs, err := s.Appointments.OfChart(ctx, p, chartID, before)
	if err != nil {
		return Page{}, err
	}
	pg := Page{Next: cs.Next, Zone: cs.Zone, Caps: Caps{ChangeSessions: cs.Caps.Change}}
	pg.Items = make([]Session, 0, len(cs.Items))
	for _, a := range cs.Items {
		pg.Items = append(pg.Items, Session{Appointment: a, Day: a.StartsAt.In(cs.Zone).Format(time.DateOnly)})
	}
	if len(pg.Items) == 0 {
		return pg, nil
	}
	// Newest first: the last item holds the earliest day.
	dn, err := s.Notes.OnDays(ctx, p, chartID, pg.Items[len(pg.Items)-1].Day, pg.Items[0].Day)
	if errors.Is(err, model.ErrNotFound) || errors.Is(err, model.ErrForbidden) {
		return pg, nil // billing: appointments, and nothing of notes
	}
	if err != nil {
		return Page{}, fmt.Errorf("sessions: %w", err)
	}
	pg.Caps.Notes, pg.Caps.Mood = dn.Caps.List, dn.Caps.ReadBodies
	for i := range pg.Items {
		it := &pg.Items[i]
		it.NoteState = dn.StateOn(it.Day)
		if n, ok := dn.ByDay[it.Day]; ok {
			it.NoteID, it.Mood = n.ID, n.Mood
		}
		it.WriteNote = dn.Caps.Write && cs.Chart.State == model.StateActive &&
			it.Appointment.Status == model.AppointmentAttended && it.NoteState == notes.SessionNoteNone
	}
	return pg, nil
}
