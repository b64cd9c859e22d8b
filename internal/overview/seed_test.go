package overview_test

import (
	"context"
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
