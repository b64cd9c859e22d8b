package plans

import (
	"context"
	"fmt"

	"tend/internal/model"
	"tend/internal/plandiff"
	"tend/internal/store"
)

// Diff is two versions of a plan side by side: per section, the words removed and added (TP-1).
type Diff struct {
	Chart    model.Client
	Plan     model.TreatmentPlan
	From, To model.PlanVersion
	Sections []plandiff.Section
	Summary  plandiff.Stats
}

// Diff compares version from with version to of a plan, dates written as the practice writes them, and
// audits the read. Either number may be the older one.
func (s *Service) Diff(ctx context.Context, p model.Principal, chartID, planID string, from, to int) (Diff, error) {
	const action = "chart.plan.diff.view"
	q := s.Store.R()
	r, pl, err := s.openPlan(ctx, q, p, chartID, planID)
	if err != nil {
		return Diff{}, s.denied(ctx, p, action, chartID, err)
	}
	if from < 1 || to < 1 || from > pl.CurrentVersion || to > pl.CurrentVersion {
		return Diff{}, &model.ValidationError{Message: fmt.Sprintf("Choose two versions from 1 to %d.", pl.CurrentVersion),
			Fields: map[string]string{"from": "Choose a version.", "to": "Choose a version."}}
	}
	a, err := store.PlanVersion(ctx, q, pl.ID, from)
	if err != nil {
		return Diff{}, fmt.Errorf("plans: diff: %w", err)
	}
	b, err := store.PlanVersion(ctx, q, pl.ID, to)
	if err != nil {
		return Diff{}, fmt.Errorf("plans: diff: %w", err)
	}
	pr, err := store.PracticeByID(ctx, q, p.PracticeID)
	if err != nil {
		return Diff{}, fmt.Errorf("plans: diff: %w", err)
	}
	secs := plandiff.Options{Day: pr.Locale().Day}.Compare(a.Content, b.Content)
	out := Diff{Chart: r.chart, Plan: pl, From: a, To: b, Sections: secs, Summary: plandiff.Summary(secs)}
	e := s.event(p, action, r.chart.ID, pl.ID)
	e.Detail = fmt.Sprintf("from=%d to=%d", from, to)
	return out, s.recordRead(ctx, e)
}
