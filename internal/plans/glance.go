package plans

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// Glance is what the chart's Overview shows of its plans (CL-10).
type Glance struct {
	Plans []store.PlanSummary // the active plans, newest first
	Caps  Caps
	Today string // the practice's date, YYYY-MM-DD
	Loc   model.Locale
}

// ReviewDue lists the glance's plans whose review date has come.
func (g Glance) ReviewDue() []store.PlanSummary {
	var out []store.PlanSummary
	for _, p := range g.Plans {
		if p.ReviewDate != "" && p.ReviewDate <= g.Today {
			out = append(out, p)
		}
	}
	return out
}

// Glance reads a chart's active plans for the Overview, in one audited read (chart.plans.view). A person
// the policy keeps from plans (billing staff; admins unless the practice lets them) gets the policy's
// error without an audited refusal: the Overview, not the person, asked, and it leaves the block out.
func (s *Service) Glance(ctx context.Context, p model.Principal, chartID string) (Glance, error) {
	q := s.Store.R()
	r, err := s.open(ctx, q, p, chartID, authz.View)
	if err != nil {
		return Glance{}, fmt.Errorf("plans: glance: %w", err)
	}
	ps, err := store.PlansOfChart(ctx, q, r.chart.ID)
	if err != nil {
		return Glance{}, fmt.Errorf("plans: glance: %w", err)
	}
	pr, today, err := s.practiceToday(ctx, q, p.PracticeID)
	if err != nil {
		return Glance{}, fmt.Errorf("plans: glance: %w", err)
	}
	g := Glance{Caps: capsOf(r), Today: today, Loc: pr.Locale()}
	for _, pl := range ps {
		if pl.State == model.PlanActive {
			g.Plans = append(g.Plans, pl)
		}
	}
	return g, s.recordRead(ctx, s.event(p, "chart.plans.view", r.chart.ID, ""))
}
