package notes

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// MaxPage is the longest page of a chart's notes.
const MaxPage = 100

// Page is one page of a chart's notes, newest first, without bodies. Older and Newer are the cursors of
// the neighbouring pages, nil at either end.
type Page struct {
	Notes        []model.Note
	Older, Newer *model.NoteKey
	Caps         Caps
	LateDays     int    // the practice's late-note setting
	Today        string // the practice's date, YYYY-MM-DD, for Late
	// Mood is the chart's latest mood scores, oldest first, when asked for (WithMood) and the person
	// reads note bodies: the Notes tab's mood chart in the same audited read.
	Mood []MoodPoint
}

// ListOptions are what a listing brings besides its notes.
type ListOptions struct {
	WithMood bool
}

// Late reports whether a note of the page is late.
func (pg Page) Late(n model.Note) bool { return n.Late(pg.Today, pg.LateDays) }

// List pages a chart's notes (NT-2): newest first by date of service, filtered by state and template,
// by key (f.Before, f.Since), never counted. Admins see that notes exist but no mood score (part of what
// the note says); billing staff see none. The read is audited.
func (s *Service) List(ctx context.Context, p model.Principal, chartID string, f model.NoteFilter, opts ...ListOptions) (Page, error) {
	const action = "chart.notes.view"
	r, err := s.open(ctx, s.Store.R(), p, chartID, authz.View, authz.ClinicalNotes)
	if err != nil {
		return Page{}, s.denied(ctx, p, action, chartID, err)
	}
	if f.State != "" && f.State != model.NoteDraft && f.State != model.NoteSigned {
		return Page{}, model.FieldError("state", "Use draft or signed, or leave it out for both.")
	}
	if f.Limit <= 0 || f.Limit > MaxPage {
		f.Limit = 25
	}
	ns, err := store.ListNotes(ctx, s.Store.R(), r.chart.ID, f)
	if err != nil {
		return Page{}, fmt.Errorf("notes: list: %w", err)
	}
	pg := Page{Caps: capsOf(r)}
	more := len(ns) > f.Limit
	if more {
		if f.Since != nil {
			ns = ns[1:] // the extra row is the newest, read last in ascending order
		} else {
			ns = ns[:f.Limit]
		}
	}
	if !pg.Caps.ReadBodies {
		for i := range ns {
			ns[i].Mood = nil
		}
	}
	pg.Notes = ns
	if len(ns) > 0 {
		first, last := keyOf(ns[0]), keyOf(ns[len(ns)-1])
		switch {
		case f.Since != nil:
			pg.Older = &last
			if more {
				pg.Newer = &first
			}
		case f.Before != nil:
			pg.Newer = &first
			if more {
				pg.Older = &last
			}
		default:
			if more {
				pg.Older = &last
			}
		}
	}
	if len(opts) > 0 && opts[0].WithMood && pg.Caps.ReadBodies {
		if pg.Mood, err = s.moodOf(ctx, r.chart.ID); err != nil {
			return Page{}, err
		}
	}
	if pg.LateDays, pg.Today, err = s.lateRule(ctx, s.Store.R(), p.PracticeID); err != nil {
		return Page{}, err
	}
	return pg, s.recordRead(ctx, s.event(p, action, r.chart.ID, ""))
}

func keyOf(n model.Note) model.NoteKey { return model.NoteKey{ServiceDate: n.ServiceDate, ID: n.ID} }

// Template is a note template a person may choose for a new note.
type Template = model.NoteTemplate

// Templates lists the note templates a new note may use: the built-ins, then the practice's own
// (document templates of kind "note", built in the form builder).
func (s *Service) Templates(ctx context.Context, p model.Principal) ([]Template, error) {
	out := model.BuiltinNoteTemplates()
	ts, err := store.NoteTemplatesOf(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return nil, fmt.Errorf("notes: templates: %w", err)
	}
	for _, t := range ts {
		if nt := model.NoteTemplateFrom(t); len(nt.Sections) > 0 {
			out = append(out, nt)
		}
	}
	return out, nil
}

// template finds a note template by key: a built-in, or a practice template of kind "note".
func (s *Service) template(ctx context.Context, q store.Q, practiceID, key string) (Template, bool, error) {
	if t, ok := model.BuiltinNoteTemplate(key); ok {
		return t, true, nil
	}
	ts, err := store.NoteTemplatesOf(ctx, q, practiceID)
	if err != nil {
		return Template{}, false, err
	}
	for _, t := range ts {
		if t.ID == key {
			nt := model.NoteTemplateFrom(t)
			return nt, len(nt.Sections) > 0, nil
		}
	}
	return Template{}, false, nil
}
