package plans

import (
	"context"
	"fmt"
	"time"

	"tend/internal/model"
)

// Progress is how a measured objective stands by the chart's latest score of its assessment.
type Progress struct {
	Name     string // "PHQ-9"
	Known    bool   // a score exists
	Latest   int
	Band     string
	Date     time.Time // when the latest was completed
	Met      bool      // the latest score is below the objective's target
	Baseline *int
	Below    int
}

// ObjectiveKey names an objective of a version: problem, goal and objective, counted from 0.
func ObjectiveKey(problem, goal, objective int) string {
	return fmt.Sprintf("%d.%d.%d", problem, goal, objective)
}

// progress reads the chart's latest score of each assessment the content's objectives measure: one read
// of the score history (itself audited as a read of the chart's documents), never one per objective.
func (s *Service) progress(ctx context.Context, p model.Principal, chartID string, c model.PlanContent) (map[string]Progress, error) {
	out := map[string]Progress{}
	measured := false
	for _, pr := range c.Problems {
		for _, g := range pr.Goals {
			for _, o := range g.Objectives {
				measured = measured || o.Measure != nil
			}
		}
	}
	if !measured {
		return out, nil
	}
	latest := map[string]model.DocumentRequest{}
	if s.Scores != nil {
		rs, err := s.Scores(ctx, p, chartID, 1)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if r.Score == nil || r.Scoring == "" {
				continue
			}
			if have, ok := latest[r.Scoring]; !ok || r.CompletedAt.After(have.CompletedAt) {
				latest[r.Scoring] = r
			}
		}
	}
	for i, pr := range c.Problems {
		for j, g := range pr.Goals {
			for k, o := range g.Objectives {
				m := o.Measure
				if m == nil {
					continue
				}
				pg := Progress{Name: model.ScoringName(m.Scoring), Baseline: m.Baseline, Below: m.Below}
				if r, ok := latest[m.Scoring]; ok {
					pg.Known, pg.Latest, pg.Band, pg.Date = true, *r.Score, r.Band, r.CompletedAt
					pg.Met = *r.Score < m.Below
				}
				out[ObjectiveKey(i, j, k)] = pg
			}
		}
	}
	return out, nil
}
