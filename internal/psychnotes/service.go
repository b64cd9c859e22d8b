// Package psychnotes holds psychotherapy notes' use cases (45 CFR 164.501, NT-1): a clinician's process notes, kept apart
// from the rest of the record. Only their author reads, lists, edits or deletes them (package authz,
// PsychotherapyNotes: scope own); anyone else, the practice owner included, is answered as if there
// were none. Every open is audited by ids; no text ever reaches an audit entry, a log line or an error.
package psychnotes

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// PageSize is how many notes one page of the list holds.
const PageSize = 50

// Service runs the psychotherapy-note use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess
}

// ChartAccess is what the notes need of the client records: the visibility rules.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	ChartWho(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
}

// List is one page of the principal's own notes on a chart.
type List struct {
	Chart    model.Client
	Notes    []model.PsychotherapyNote
	Next     string // the page key of the next page, "" on the last
	CanWrite bool   // the principal may add notes here (not on a chart they may only read)
}

// errHidden answers every refusal about someone else's note like a missing one.
var errHidden = fmt.Errorf("psychnotes: not the author's: %w", model.ErrNotFound)

// decide asks the policy about a note by author on chart c.
func (s *Service) decide(ctx context.Context, q store.Q, p model.Principal, act authz.Action, c model.Client, author string) error {
	who, err := s.Charts.ChartWho(ctx, q, p)
	if err != nil {
		return err
	}
	t := authz.InChart(authz.PsychotherapyNotes, c)
	t.AuthorID = author
	return authz.Decide(who, act, t)
}

// chart opens the chart and checks that the principal may keep psychotherapy notes there (act View for
// reads, Change for writes).
func (s *Service) chart(ctx context.Context, q store.Q, p model.Principal, chartID string, act authz.Action) (model.Client, error) {
	c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
	if err != nil {
		return c, err
	}
	return c, s.decide(ctx, q, p, act, c, p.StaffID)
}

// note loads a note of the chart that the principal wrote; anyone else's, a malformed id or a missing
// one are model.ErrNotFound alike.
func (s *Service) note(ctx context.Context, q store.Q, p model.Principal, c model.Client, noteID string, act authz.Action) (model.PsychotherapyNote, error) {
	if !id.Valid(noteID) {
		return model.PsychotherapyNote{}, fmt.Errorf("psychnotes: malformed note id: %w", model.ErrNotFound)
	}
	n, err := store.PsychotherapyNoteByID(ctx, q, p.PracticeID, c.ID, noteID)
	if err != nil {
		return n, err
	}
	if err := s.decide(ctx, q, p, act, c, n.AuthorID); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return model.PsychotherapyNote{}, errHidden
		}
		return model.PsychotherapyNote{}, err
	}
	return n, nil
}

// List lists the principal's own notes on a chart, newest first, a page at a time (page is the Next of
// the page before, "" for the first), and audits the open.
func (s *Service) List(ctx context.Context, p model.Principal, chartID, page string) (List, error) {
	const action = "chart.psychotherapy_notes.view"
	c, err := s.chart(ctx, s.Store.R(), p, chartID, authz.View)
	if err != nil {
		return List{}, fmt.Errorf("psychnotes: list: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	after, err := parsePage(page)
	if err != nil {
		return List{}, err
	}
	ns, err := store.PsychotherapyNotesOf(ctx, s.Store.R(), c.ID, p.StaffID, after, PageSize+1)
	if err != nil {
		return List{}, fmt.Errorf("psychnotes: list: %w", err)
	}
	out := List{Chart: c, Notes: ns, CanWrite: s.decide(ctx, s.Store.R(), p, authz.Change, c, p.StaffID) == nil}
	if len(ns) > PageSize {
		last := ns[PageSize-1]
		out.Notes, out.Next = ns[:PageSize], last.Date+"_"+last.ID
	}
	return out, s.recordRead(ctx, s.event(p, action, c.ID, "chart", c.ID))
}

// parsePage reads a page key "YYYY-MM-DD_id".
func parsePage(page string) (store.PageKey, error) {
	if page == "" {
		return store.PageKey{}, nil
	}
	date, nid, ok := strings.Cut(page, "_")
	if _, err := time.Parse(time.DateOnly, date); !ok || err != nil || !id.Valid(nid) {
		return store.PageKey{}, model.FieldError("page", "This page address is not one Tend made. Start from the first page.")
	}
	return store.PageKey{Value: date, ID: nid}, nil
}

// Get opens one of the principal's own notes and audits the open.
func (s *Service) Get(ctx context.Context, p model.Principal, chartID, noteID string) (model.PsychotherapyNote, model.Client, bool, error) {
	const action = "chart.psychotherapy_note.view"
	c, err := s.Charts.VisibleChart(ctx, s.Store.R(), p, chartID, false)
	if err != nil {
		return model.PsychotherapyNote{}, c, false, fmt.Errorf("psychnotes: get: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	n, err := s.note(ctx, s.Store.R(), p, c, noteID, authz.View)
	if err != nil {
		return n, c, false, fmt.Errorf("psychnotes: get: %w", err)
	}
	canWrite := s.decide(ctx, s.Store.R(), p, authz.Change, c, n.AuthorID) == nil
	return n, c, canWrite, s.recordRead(ctx, s.event(p, action, c.ID, "psychotherapy_note", n.ID))
}

// Create adds a note by the principal to a chart they may write in.
func (s *Service) Create(ctx context.Context, p model.Principal, chartID string, ch model.PsychotherapyNoteChange) (model.PsychotherapyNote, error) {
	const action = "chart.psychotherapy_note.create"
	var n model.PsychotherapyNote
	err := s.Store.Tx(ctx, func(q store.Q) error {
		c, err := s.chart(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		now := s.now()
		n = model.PsychotherapyNote{ID: id.New(), PracticeID: c.PracticeID, ChartID: c.ID, AuthorID: p.StaffID, CreatedAt: now, UpdatedAt: now}
		if err := ch.Apply(&n, s.today(ctx, q, p)); err != nil {
			return err
		}
		if err := store.InsertPsychotherapyNote(ctx, q, n); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, c.ID, "psychotherapy_note", n.ID))
	})
	if err != nil {
		return model.PsychotherapyNote{}, fmt.Errorf("psychnotes: create: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	return n, nil
}

// Update changes the date or text of one of the principal's notes; created_at stays, updated_at moves.
func (s *Service) Update(ctx context.Context, p model.Principal, chartID, noteID string, ch model.PsychotherapyNoteChange) (model.PsychotherapyNote, error) {
	const action = "chart.psychotherapy_note.update"
	var n model.PsychotherapyNote
	err := s.Store.Tx(ctx, func(q store.Q) error {
		c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
		if err != nil {
			return err
		}
		if n, err = s.note(ctx, q, p, c, noteID, authz.Change); err != nil {
			return err
		}
		if err := ch.Apply(&n, s.today(ctx, q, p)); err != nil {
			return err
		}
		n.UpdatedAt = s.now()
		if err := store.UpdatePsychotherapyNote(ctx, q, n); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, c.ID, "psychotherapy_note", n.ID))
	})
	if err != nil {
		return model.PsychotherapyNote{}, fmt.Errorf("psychnotes: update: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	return n, nil
}

// Delete removes one of the principal's notes for good.
func (s *Service) Delete(ctx context.Context, p model.Principal, chartID, noteID string) error {
	const action = "chart.psychotherapy_note.delete"
	err := s.Store.Tx(ctx, func(q store.Q) error {
		c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
		if err != nil {
			return err
		}
		n, err := s.note(ctx, q, p, c, noteID, authz.Change)
		if err != nil {
			return err
		}
		if err := store.DeletePsychotherapyNote(ctx, q, p.StaffID, n.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, c.ID, "psychotherapy_note", n.ID))
	})
	if err != nil {
		return fmt.Errorf("psychnotes: delete: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	return nil
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// today is the practice's current date, for the "not in the future" rule.
func (s *Service) today(ctx context.Context, q store.Q, p model.Principal) time.Time {
	loc := time.UTC
	if pr, err := store.PracticeByID(ctx, q, p.PracticeID); err == nil {
		loc = pr.Location()
	}
	n := s.Now().In(loc)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// event is an audit entry about a chart's psychotherapy note: ids only.
func (s *Service) event(p model.Principal, action, chartID, recordType, recordID string) model.AuditEvent {
	return audit.StaffEvent(p, s.now(), action, chartID, recordType, recordID)
}

// Chart opens a chart for writing a new note: model.ErrNotFound where the principal keeps no
// psychotherapy notes (admins, billing, a chart out of reach), model.ErrForbidden on a chart they may
// only read. Nothing is read from the notes, so nothing is audited beyond a denial.
func (s *Service) Chart(ctx context.Context, p model.Principal, chartID string) (model.Client, error) {
	c, err := s.chart(ctx, s.Store.R(), p, chartID, authz.Change)
	if err != nil {
		return c, fmt.Errorf("psychnotes: chart: %w", s.Charts.AuditDenied(ctx, p, "chart.psychotherapy_note.create", chartID, err))
	}
	return c, nil
}
