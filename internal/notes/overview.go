package notes

import (
	"context"
	"fmt"
	"time"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// Glance is what a chart's Overview shows of its notes (CL-10): the latest notes and the drafts waiting
// for a signature, newest first, without bodies or mood scores, with the practice's late-note rule.
type Glance struct {
	Recent   []model.Note
	Drafts   []model.Note
	LateDays int    // the practice's late-note setting
	Today    string // the practice's date, YYYY-MM-DD, for Late
}

// Late reports whether a note of the glance is late.
func (g Glance) Late(n model.Note) bool { return n.Late(g.Today, g.LateDays) }

// Glance reads a chart's latest recent notes and up to drafts of its drafts for the Overview, in one
// audited read: the chart and the policy are checked once, the late-note rule read once. Billing staff
// get model.ErrNotFound, like the notes list.
func (s *Service) Glance(ctx context.Context, p model.Principal, chartID string, recent, drafts int) (Glance, error) {
	const action = "chart.notes.view"
	r, err := s.open(ctx, s.Store.R(), p, chartID, authz.View, authz.ClinicalNotes)
	if err != nil {
		return Glance{}, s.denied(ctx, p, action, chartID, err)
	}
	var g Glance
	if g.Recent, err = s.latest(ctx, r.chart.ID, model.NoteFilter{Limit: recent}); err != nil {
		return Glance{}, err
	}
	if g.Drafts, err = s.latest(ctx, r.chart.ID, model.NoteFilter{State: model.NoteDraft, Limit: drafts}); err != nil {
		return Glance{}, err
	}
	if g.LateDays, g.Today, err = s.lateRule(ctx, s.Store.R(), p.PracticeID); err != nil {
		return Glance{}, err
	}
	return g, s.recordRead(ctx, s.event(p, action, r.chart.ID, ""))
}

// latest reads up to f.Limit of a chart's newest notes matching f, without mood scores (the Overview never
// shows them).
func (s *Service) latest(ctx context.Context, chartID string, f model.NoteFilter) ([]model.Note, error) {
	if f.Limit <= 0 {
		return nil, nil
	}
	ns, err := store.ListNotes(ctx, s.Store.R(), chartID, f)
	if err != nil {
		return nil, fmt.Errorf("notes: glance: %w", err)
	}
	ns = ns[:min(len(ns), f.Limit)]
	for i := range ns {
		ns[i].Mood = nil
	}
	return ns, nil
}

// MoodPoint is one mood score (NT-2) at its date of service.
type MoodPoint struct {
	Day  time.Time // the date of service at midnight UTC, for locale formatting
	Mood int
}

// MaxMoodPoints is how many of the latest scores the mood chart shows.
const MaxMoodPoints = 24

// Mood returns the chart's latest mood scores, oldest first, for the mood chart beside the score chart.
// A mood score is part of what a note says: only who reads note bodies sees it; the read is audited.
func (s *Service) Mood(ctx context.Context, p model.Principal, chartID string) ([]MoodPoint, error) {
	const action = "chart.notes.mood"
	r, err := s.open(ctx, s.Store.R(), p, chartID, authz.View, authz.NoteBodies)
	if err != nil {
		return nil, s.denied(ctx, p, action, chartID, err)
	}
	out, err := s.moodOf(ctx, r.chart.ID)
	if err != nil {
		return nil, err
	}
	return out, s.recordRead(ctx, s.event(p, action, r.chart.ID, ""))
}

// moodOf reads a chart's latest mood scores, oldest first.
func (s *Service) moodOf(ctx context.Context, chartID string) ([]MoodPoint, error) {
	ps, err := store.MoodSeries(ctx, s.Store.R(), chartID, MaxMoodPoints)
	if err != nil {
		return nil, fmt.Errorf("notes: mood: %w", err)
	}
	out := make([]MoodPoint, 0, len(ps))
	for _, pt := range ps {
		d, _ := time.Parse(time.DateOnly, pt.ServiceDate)
		out = append(out, MoodPoint{Day: d, Mood: pt.Mood})
	}
	return out, nil
}

// Late lists the person's own drafts still unsigned more than the practice's late_note_days after their
// date of service (Home's Needs attention), oldest first, without bodies.
func (s *Service) Late(ctx context.Context, p model.Principal, limit int) ([]model.Note, error) {
	cutoff, err := s.lateCutoff(ctx, p.PracticeID)
	if err != nil {
		return nil, err
	}
	return store.LateNotesOf(ctx, s.Store.R(), p.PracticeID, p.StaffID, cutoff, limit)
}

// lateCutoff is the latest date of service at which a draft is late today.
func (s *Service) lateCutoff(ctx context.Context, practiceID string) (string, error) {
	days, today, err := s.lateRule(ctx, s.Store.R(), practiceID)
	if err != nil {
		return "", err
	}
	t, _ := time.Parse(time.DateOnly, today)
	return t.AddDate(0, 0, -days).Format(time.DateOnly), nil
}

// ToCosign lists the signed notes of the person's supervisees that wait for their co-signature, oldest
// first, without bodies ("Notes to co-sign").
func (s *Service) ToCosign(ctx context.Context, p model.Principal, limit int) ([]model.Note, error) {
	return store.NotesToCosign(ctx, s.Store.R(), p.PracticeID, p.StaffID, limit)
}
