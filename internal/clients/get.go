package clients

import (
	"context"
	"fmt"

	"tend/internal/model"
)

// View is a chart as a person sees it, with what they may do to it.
type View struct {
	model.Client
	CanChange bool
	CanAssign bool
	CanDelete bool
}

// Get opens a chart and audits the view. A chart of another practice, or one the principal may not
// see, is model.ErrNotFound.
func (s *Service) Get(ctx context.Context, p model.Principal, chartID string) (View, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return View{}, err
	}
	c, err := s.load(ctx, s.Store.R(), a, chartID)
	if err != nil {
		return View{}, fmt.Errorf("clients: get: %w", s.auditDenied(ctx, p, "chart.view", chartID, err))
	}
	if err := s.recordRead(ctx, s.event(p, "chart.view", c.ID)); err != nil {
		return View{}, fmt.Errorf("clients: get: %w", err)
	}
	return View{Client: c, CanChange: a.canChange(c), CanAssign: a.canAssign() && a.canChange(c), CanDelete: a.canDelete()}, nil
}
