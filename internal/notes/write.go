package notes

import (
	"context"
	"fmt"
	"strings"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// errSigned refuses any change to a signed note: only an addendum may follow.
var errSigned = &model.ConflictError{Message: "This note is signed and locked: it cannot change. Add an addendum instead."}

// Create starts a draft on a chart with the chosen template (NT-1); the date of service defaults to the
// practice's today. Only who may write notes on the chart may: a supervisor never on a supervisee's chart.
func (s *Service) Create(ctx context.Context, p model.Principal, chartID, template string, in model.NoteInput) (model.Note, error) {
	const action = "chart.note.create"
	var out model.Note
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, err := s.open(ctx, q, p, chartID, authz.Change, authz.NoteBodies)
		if err != nil {
			return err
		}
		t, ok, err := s.template(ctx, q, p.PracticeID, strings.TrimSpace(template))
		if err != nil {
			return err
		}
		if !ok {
			return model.FieldError("template", "Choose a note template: SOAP, DAP, BIRP, free text or one of the practice's own.")
		}
		today, err := s.today(ctx, q, p.PracticeID)
		if err != nil {
			return err
		}
		now := s.now()
		n := model.Note{ID: id.New(), PracticeID: p.PracticeID, ChartID: r.chart.ID, AuthorID: p.StaffID, AuthorName: p.Name, Template: t.Key,
			TemplateName: t.Name, Sections: t.Sections, ServiceDate: today, State: model.NoteDraft, CreatedAt: now, UpdatedAt: now}
		if err := model.ApplyNote(&n, in, today); err != nil {
			return err
		}
		if n.NeedsCosign, _, err = store.StaffNeedsCosign(ctx, q, p.PracticeID, p.StaffID); err != nil {
			return err
		}
		if err := store.InsertNote(ctx, q, n); err != nil {
			return err
		}
		out = n
		return s.Audit.Append(ctx, q, s.event(p, action, r.chart.ID, n.ID))
	})
	if err != nil {
		return model.Note{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// Update saves a draft (by hand or by autosave). A signed note is refused with a conflict that says to
// add an addendum; nothing of a refused input is saved.
func (s *Service) Update(ctx context.Context, p model.Principal, chartID, noteID string, in model.NoteInput) (model.Note, error) {
	const action = "chart.note.update"
	var out model.Note
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, n, err := s.openLocked(ctx, q, p, chartID, noteID, authz.Change)
		if err != nil {
			return err
		}
		if n.Signed() {
			return errSigned
		}
		today, err := s.today(ctx, q, p.PracticeID)
		if err != nil {
			return err
		}
		if err := model.ApplyNote(&n, in, today); err != nil {
			return err
		}
		n.UpdatedAt = s.now()
		if err := store.UpdateDraftNote(ctx, q, n); err != nil {
			return fmt.Errorf("%w: %w", errSigned, err)
		}
		out = n
		return s.Audit.Append(ctx, q, s.event(p, action, r.chart.ID, n.ID))
	})
	if err != nil {
		return model.Note{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// View is one note as its page shows it, with what the person may do with it.
type View struct {
	model.Note
	ChartName string // the chart's display name, for the page's way back
	CanEdit   bool   // a draft the person may change
	CanSign   bool   // a draft the person wrote
	CanAddend bool   // a signed note the person may add to
	CanCosign bool   // a signed note waiting for the person's co-signature
	LateDays  int
	Today     string
}

// Late reports whether the note is a late draft.
func (v View) Late() bool { return v.Note.Late(v.Today, v.LateDays) }

// Get opens one note with its body, signatures and addenda; the read is audited. Admins and billing
// staff never read a note's body: it answers like a missing one.
func (s *Service) Get(ctx context.Context, p model.Principal, chartID, noteID string) (View, error) {
	const action = "chart.note.view"
	v, err := s.view(ctx, s.Store.R(), p, chartID, noteID)
	if err != nil {
		return View{}, s.denied(ctx, p, action, chartID, err)
	}
	return v, s.recordRead(ctx, s.event(p, action, v.ChartID, v.ID))
}

func (s *Service) view(ctx context.Context, q store.Q, p model.Principal, chartID, noteID string) (View, error) {
	r, err := s.open(ctx, q, p, chartID, authz.View, authz.NoteBodies)
	if err != nil {
		return View{}, err
	}
	n, err := loadNote(ctx, q, p, r, noteID, true)
	if err != nil {
		return View{}, err
	}
	v := View{Note: n, ChartName: r.chart.Name()}
	write := r.may(authz.Change, authz.NoteBodies)
	v.CanEdit, v.CanAddend = write && !n.Signed(), write && n.Signed()
	sign := r.on(authz.ClinicalNotes)
	sign.AuthorID = n.AuthorID
	v.CanSign = !n.Signed() && authz.Can(r.who, authz.Sign, sign)
	if n.AwaitsCosign() {
		t, err := s.cosignTarget(ctx, q, r, n)
		if err != nil {
			return View{}, err
		}
		v.CanCosign = authz.Can(r.who, authz.CoSign, t)
	}
	if v.LateDays, v.Today, err = s.lateRule(ctx, q, p.PracticeID); err != nil {
		return View{}, err
	}
	return v, nil
}

// Addenda lists a signed note's addenda; the read is audited as a read of the note.
func (s *Service) Addenda(ctx context.Context, p model.Principal, chartID, noteID string) ([]model.Addendum, error) {
	v, err := s.Get(ctx, p, chartID, noteID)
	if err != nil {
		return nil, err
	}
	return v.Addenda, nil
}
