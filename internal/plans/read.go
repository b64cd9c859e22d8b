package plans

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// List is a chart's plans, as the Treatment plan tab and the API list them.
type List struct {
	Chart model.Client
	Plans []store.PlanSummary
	Caps  Caps
	// Today is the practice's date (YYYY-MM-DD): a plan whose review date is on or before it is due.
	Today string
}

// List returns a chart's plans, active first, and audits the read.
func (s *Service) List(ctx context.Context, p model.Principal, chartID string) (List, error) {
	const action = "chart.plans.view"
	q := s.Store.R()
	r, err := s.open(ctx, q, p, chartID, authz.View)
	if err != nil {
		return List{}, s.denied(ctx, p, action, chartID, err)
	}
	ps, err := store.PlansOfChart(ctx, q, r.chart.ID)
	if err != nil {
		return List{}, fmt.Errorf("plans: list: %w", err)
	}
	_, today, err := s.practiceToday(ctx, q, p.PracticeID)
	if err != nil {
		return List{}, fmt.Errorf("plans: list: %w", err)
	}
	return List{Chart: r.chart, Plans: ps, Caps: capsOf(r), Today: today}, s.recordRead(ctx, s.event(p, action, r.chart.ID, ""))
}

// View is one version of a plan, with what the person may do and its objectives' progress.
type View struct {
	Chart   model.Client
	Plan    model.TreatmentPlan
	Version model.PlanVersion
	Caps    Caps
	// SignedVersion is the newest version the clinician signed (0: none): what the portal shows when shared.
	SignedVersion int
	// Progress is each measured objective's progress from the chart's scores, by ObjectiveKey.
	Progress map[string]Progress
	Today    string
}

// Newest reports whether the version shown is the plan's newest.
func (v View) Newest() bool { return v.Version.Number == v.Plan.CurrentVersion }

// ReviewDue reports whether the plan is active and its review date has come.
func (v View) ReviewDue() bool {
	return v.Plan.State == model.PlanActive && v.Plan.ReviewDate != "" && v.Plan.ReviewDate <= v.Today
}

// Get opens a version of a plan (number 0: the newest) and audits the read.
func (s *Service) Get(ctx context.Context, p model.Principal, chartID, planID string, number int) (View, error) {
	const action = "chart.plan.view"
	q := s.Store.R()
	r, pl, err := s.openPlan(ctx, q, p, chartID, planID)
	if err != nil {
		return View{}, s.denied(ctx, p, action, chartID, err)
	}
	if number == 0 {
		number = pl.CurrentVersion
	}
	v, err := store.PlanVersion(ctx, q, pl.ID, number)
	if err != nil {
		return View{}, fmt.Errorf("plans: view: %w", err)
	}
	signed, err := store.LatestSignedPlanVersion(ctx, q, pl.ID)
	if err != nil {
		return View{}, fmt.Errorf("plans: view: %w", err)
	}
	_, today, err := s.practiceToday(ctx, q, p.PracticeID)
	if err != nil {
		return View{}, fmt.Errorf("plans: view: %w", err)
	}
	out := View{Chart: r.chart, Plan: pl, Version: v, Caps: capsOf(r), SignedVersion: signed, Today: today}
	if out.Progress, err = s.progress(ctx, p, r.chart.ID, v.Content); err != nil {
		return View{}, fmt.Errorf("plans: view: %w", err)
	}
	e := s.event(p, action, r.chart.ID, pl.ID)
	e.Detail = fmt.Sprintf("version=%d", number)
	return out, s.recordRead(ctx, e)
}

// VersionsPageSize is how many versions one page of a plan's history holds.
const VersionsPageSize = 50

// History is one page of a plan's versions, newest first, without their content.
type History struct {
	Chart    model.Client
	Plan     model.TreatmentPlan
	Versions []model.PlanVersion
	// Before is the key of the next (older) page, 0 on the last.
	Before int
	Caps   Caps
}

// Versions lists a plan's versions newest first, before version number before (0: from the newest),
// and audits the read.
func (s *Service) Versions(ctx context.Context, p model.Principal, chartID, planID string, before int) (History, error) {
	const action = "chart.plan.versions.view"
	q := s.Store.R()
	r, pl, err := s.openPlan(ctx, q, p, chartID, planID)
	if err != nil {
		return History{}, s.denied(ctx, p, action, chartID, err)
	}
	vs, err := store.PlanVersionsPage(ctx, q, pl.ID, before, VersionsPageSize)
	if err != nil {
		return History{}, fmt.Errorf("plans: versions: %w", err)
	}
	h := History{Chart: r.chart, Plan: pl, Versions: vs, Caps: capsOf(r)}
	if len(vs) > VersionsPageSize {
		h.Versions = vs[:VersionsPageSize]
		h.Before = h.Versions[VersionsPageSize-1].Number
	}
	return h, s.recordRead(ctx, s.event(p, action, r.chart.ID, pl.ID))
}
