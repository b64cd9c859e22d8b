package overview_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// doc is one document to put on a chart in a test: a built-in template, its state and, when finished,
// its score, flag and whether someone reviewed it.
type doc struct {
	builtin  string // phq9, gad7
	state    model.RequestState
	score    int
	flag     string
	reviewed bool
	at       time.Time // requested, and finished when done
}

// seedDocuments stores documents on a chart directly, in one transaction: the benchmark needs
// thousands, and the portal's submit path has its own tests.
func seedDocuments(t testing.TB, h *apptest.Harness, owner model.Staff, chartID string, docs []doc) {
	t.Helper()
	ctx := context.Background()
	if _, err := h.App.Documents.Templates(ctx, apptest.As(owner), false); err != nil { // the built-ins appear
		t.Fatal(err)
	}
	st := h.App.Clients.Store
	tpl := map[string]model.Template{}
	err := st.Tx(ctx, func(q store.Q) error {
		for _, d := range docs {
			tp, ok := tpl[d.builtin]
			if !ok {
				var err error
				if tp, err = store.BuiltinTemplate(ctx, q, owner.PracticeID, d.builtin); err != nil {
					return err
				}
				tpl[d.builtin] = tp
			}
			r := model.DocumentRequest{ID: id.New(), PracticeID: owner.PracticeID, ChartID: chartID, TemplateID: tp.ID, TemplateName: tp.Name,
				Kind: tp.Kind, Scoring: tp.Scoring, Version: tp.Version, State: model.RequestRequested, RequestedBy: owner.ID, RequestedAt: d.at}
			if err := store.InsertRequest(ctx, q, r); err != nil {
				return err
			}
			r.State, r.UpdatedAt = d.state, d.at
			if d.state.Done() {
				score := d.score
				r.Score, r.Flag, r.CompletedAt = &score, d.flag, d.at
				r.Band = map[bool]string{true: "moderate", false: "mild"}[score >= 10]
				if d.reviewed {
					r.ReviewedAt, r.ReviewedBy = d.at.Add(time.Hour), owner.ID
				}
			}
			if err := store.UpdateRequest(ctx, q, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// seedClinical gives a chart the clinical information a long-treated client has: diagnoses (one
// resolved) and medications (one stopped), through the use case.
func seedClinical(t testing.TB, h *apptest.Harness, owner model.Staff, chartID string) {
	t.Helper()
	ctx := context.Background()
	p := apptest.As(owner)
	for i, code := range []string{"F33.1", "F41.1", "F43.10", "F51.01", "Z63.0"} {
		in := model.DiagnosisInput{Code: code, Primary: i == 0, OnsetDate: fmt.Sprintf("202%d-03-01", i)}
		if i == 4 {
			in.Status, in.ResolvedDate = model.DiagnosisResolved, "2024-06-01"
		}
		if _, err := h.App.Clinical.AddDiagnosis(ctx, p, chartID, in); err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range []string{"Sertraline", "Bupropion", "Trazodone", "Melatonin", "Hydroxyzine", "Propranolol"} {
		in := model.MedicationInput{Name: name, Dose: fmt.Sprintf("%d mg", 25*(i+1)), Frequency: "daily", Prescriber: "Dr. Lee",
			StartDate: fmt.Sprintf("202%d-01-15", i)}
		if i == 5 {
			in.StopDate = "2025-01-15"
		}
		if _, err := h.App.Clinical.AddMedication(ctx, p, chartID, in); err != nil {
			t.Fatal(err)
		}
	}
}

// seedNotes stores n SOAP notes on a chart, one a day up to today: the older ones signed, the last 12
// drafts, so some are late. Directly, in one transaction: the benchmark needs thousands.
func seedNotes(t testing.TB, h *apptest.Harness, owner model.Staff, chartID string, n int) {
	t.Helper()
	ctx := context.Background()
	tpl, _ := model.BuiltinNoteTemplate("soap")
	today := h.Clock.Now().UTC().Truncate(24 * time.Hour)
	err := h.App.Clients.Store.Tx(ctx, func(q store.Q) error {
		for i := range n {
			secs := append([]model.NoteSection(nil), tpl.Sections...)
			for j := range secs {
				secs[j].Text = fmt.Sprintf("Session %d, %s: a paragraph of the kind clinicians write, long enough to weigh something.", i, secs[j].Label)
			}
			mood := i % 11
			day := today.AddDate(0, 0, i-n+1)
			nt := model.Note{ID: id.New(), PracticeID: owner.PracticeID, ChartID: chartID, AuthorID: owner.ID, Template: tpl.Key,
				TemplateName: tpl.Name, Sections: secs, ServiceDate: day.Format(time.DateOnly), DurationMinutes: 50,
				ServiceType: "Individual therapy", Mood: &mood, State: model.NoteDraft, CreatedAt: day, UpdatedAt: day}
			if err := store.InsertNote(ctx, q, nt); err != nil {
				return err
			}
		}
		_, err := q.ExecContext(ctx, `UPDATE session_notes SET state = 'signed', signed_at = 1 WHERE chart_id = $1 AND service_date < $2`,
			chartID, today.AddDate(0, 0, -11).Format(time.DateOnly))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
