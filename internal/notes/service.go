// Package notes holds the use cases of session notes (NT-1, NT-2): drafts that save themselves, signing
// that locks a note with the SHA-256 of its exact content, addenda after signing, a supervisor's
// co-signature, late notes and the mood series. Every rule of who may do what is a row of package authz;
// every read of a note's body and every change is audited, with ids only.
package notes

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/docpdf"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Service runs the session-note use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess
	// Fonts draws what the PDF's Go fonts lack (nil: the Go fonts alone).
	Fonts *docpdf.Fonts
}

// ChartAccess is what notes need of the client records: the visibility rules and how the policy sees a person.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	Who(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
}

// recordType is how the audit log names a note.
const recordType = "session_note"

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// event starts an audit event about a note (or, with noteID "", the chart's notes).
func (s *Service) event(p model.Principal, action, chartID, noteID string) model.AuditEvent {
	return audit.StaffEvent(p, s.now(), action, chartID, recordType, noteID)
}

func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// denied audits a refused attempt (a hidden chart or a forbidden change) after the transaction, and
// returns err wrapped with the action.
func (s *Service) denied(ctx context.Context, p model.Principal, action, chartID string, err error) error {
	if errors.Is(err, model.ErrForbidden) || errors.Is(err, model.ErrNotFound) {
		err = s.Charts.AuditDenied(ctx, p, action, chartID, err)
	}
	return fmt.Errorf("notes: %s: %w", action, err)
}

// reach is a chart the person reached, and how the policy sees them.
type reach struct {
	chart model.Client
	who   authz.Who
}

// on is the policy's target for res in the reached chart.
func (r reach) on(res authz.Resource) authz.Target { return authz.InChart(res, r.chart) }

// may reports whether the person may act on res in the chart.
func (r reach) may(act authz.Action, res authz.Resource) bool {
	return authz.Can(r.who, act, r.on(res))
}

// open reaches a chart and asks the policy for act on res in it: a chart out of reach, or content kept
// from the role, answers model.ErrNotFound; a refused change model.ErrForbidden.
func (s *Service) open(ctx context.Context, q store.Q, p model.Principal, chartID string, act authz.Action, res authz.Resource) (reach, error) {
	c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
	if err != nil {
		return reach{}, err
	}
	who, err := s.Charts.Who(ctx, q, p)
	if err != nil {
		return reach{}, err
	}
	r := reach{chart: c, who: who}
	return r, authz.Decide(who, act, r.on(res))
}

// openLocked opens a chart for act on note bodies, then locks and loads one of its notes with its body, for
// a change made in transaction q: concurrent signatures, co-signatures and saves queue on the lock.
func (s *Service) openLocked(ctx context.Context, q store.Q, p model.Principal, chartID, noteID string, act authz.Action) (reach, model.Note, error) {
	r, err := s.open(ctx, q, p, chartID, act, authz.NoteBodies)
	if err != nil {
		return reach{}, model.Note{}, err
	}
	if id.Valid(noteID) {
		if err := store.LockNote(ctx, q, noteID); err != nil {
			return reach{}, model.Note{}, err
		}
	}
	n, err := loadNote(ctx, q, p, r, noteID, true)
	return r, n, err
}

// loadNote reads a note of the reached chart; a note of another chart answers like a missing one.
func loadNote(ctx context.Context, q store.Q, p model.Principal, r reach, noteID string, body bool) (model.Note, error) {
	if !id.Valid(noteID) {
		return model.Note{}, fmt.Errorf("notes: malformed note id: %w", model.ErrNotFound)
	}
	var n model.Note
	var err error
	if body {
		n, err = store.NoteByID(ctx, q, p.PracticeID, noteID)
	} else {
		n, err = store.NoteHead(ctx, q, p.PracticeID, noteID)
	}
	if err != nil {
		return n, err
	}
	if n.ChartID != r.chart.ID {
		return model.Note{}, fmt.Errorf("notes: note %s is on another chart: %w", noteID, model.ErrNotFound)
	}
	return n, nil
}

// today is the practice's current date, YYYY-MM-DD.
func (s *Service) today(ctx context.Context, q store.Q, practiceID string) (string, error) {
	pr, err := store.PracticeByID(ctx, q, practiceID)
	if err != nil {
		return "", err
	}
	return s.Now().In(pr.Location()).Format(time.DateOnly), nil
}

// lateRule is the practice's late-note days and today's date (YYYY-MM-DD), read in one query.
func (s *Service) lateRule(ctx context.Context, q store.Q, practiceID string) (int, string, error) {
	pr, err := store.PracticeByID(ctx, q, practiceID)
	if err != nil {
		return 0, "", err
	}
	return pr.LateNoteDays, s.Now().In(pr.Location()).Format(time.DateOnly), nil
}

// Caps are what the person may do with a chart's notes, for pages and API answers to show or hide actions.
type Caps struct {
	List       bool // see that notes exist (date, template, state, author)
	ReadBodies bool // open a note, see its mood score
	Write      bool // write drafts and addenda
}

func capsOf(r reach) Caps {
	return Caps{List: r.may(authz.View, authz.ClinicalNotes), ReadBodies: r.may(authz.View, authz.NoteBodies),
		Write: r.may(authz.Change, authz.NoteBodies)}
}

// CapsOn answers Caps for a chart the person already opened; a chart out of reach has none.
func (s *Service) CapsOn(ctx context.Context, p model.Principal, c model.Client) (Caps, error) {
	who, err := s.Charts.Who(ctx, s.Store.R(), p)
	if err != nil {
		return Caps{}, fmt.Errorf("notes: caps: %w", err)
	}
	return capsOf(reach{chart: c, who: who}), nil
}
