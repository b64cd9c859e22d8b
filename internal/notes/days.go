package notes

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// DayNotes are a chart's notes over a range of dates of service, for matching sessions to their notes
// (NT-2): the first note of each day, without bodies; mood scores only for who reads note bodies.
type DayNotes struct {
	ByDay    map[string]model.Note // by date of service, YYYY-MM-DD
	Caps     Caps
	LateDays int
	Today    string
}

// The states of a session's note, as the Sessions list shows them.
const (
	SessionNoteNone   = "none"
	SessionNoteDraft  = "draft"
	SessionNoteSigned = "signed"
	SessionNoteLate   = "late"
)

// StateOn is the state of the note of day: none, draft, signed or late (a draft past the practice's
// late-note days).
func (d DayNotes) StateOn(day string) string {
	n, ok := d.ByDay[day]
	switch {
	case !ok:
		return SessionNoteNone
	case n.Signed():
		return SessionNoteSigned
	case n.Late(d.Today, d.LateDays):
		return SessionNoteLate
	}
	return SessionNoteDraft
}

// OnDays reads a chart's notes with dates of service in [from, to] (YYYY-MM-DD) in one statement, and
// audits the read as the notes list's. Billing staff get model.ErrNotFound; admins get states without
// mood scores.
func (s *Service) OnDays(ctx context.Context, p model.Principal, chartID, from, to string) (DayNotes, error) {
	const action = "chart.notes.view"
	r, err := s.open(ctx, s.Store.R(), p, chartID, authz.View, authz.ClinicalNotes)
	if err != nil {
		return DayNotes{}, s.denied(ctx, p, action, chartID, err)
	}
	ns, err := store.NotesOnDays(ctx, s.Store.R(), r.chart.ID, from, to)
	if err != nil {
		return DayNotes{}, fmt.Errorf("notes: on days: %w", err)
	}
	d := DayNotes{ByDay: make(map[string]model.Note, len(ns)), Caps: capsOf(r)}
	for _, n := range ns {
		if _, seen := d.ByDay[n.ServiceDate]; seen {
			continue
		}
		if !d.Caps.ReadBodies {
			n.Mood = nil
		}
		d.ByDay[n.ServiceDate] = n
	}
	if d.LateDays, d.Today, err = s.lateRule(ctx, s.Store.R(), p.PracticeID); err != nil {
		return DayNotes{}, fmt.Errorf("notes: on days: %w", err)
	}
	return d, s.recordRead(ctx, s.event(p, action, r.chart.ID, ""))
}
