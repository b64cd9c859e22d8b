package plans

import (
	"context"
	"fmt"

	"tend/internal/model"
	"tend/internal/store"
)

// Scorings lists the assessments of the person's practice that an objective may be measured by, in the
// order the editor offers them (PHQ-9, then GAD-7). Which assessments a practice uses is not clinical
// information, so nothing is audited.
func (s *Service) Scorings(ctx context.Context, p model.Principal) ([]string, error) {
	have, err := store.PracticeScorings(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return nil, fmt.Errorf("plans: scorings: %w", err)
	}
	var out []string
	for _, k := range []string{model.ScoringPHQ9, model.ScoringGAD7} {
		if have[k] {
			out = append(out, k)
		}
	}
	return out, nil
}
