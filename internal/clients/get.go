package clients

import (
	"context"
	"fmt"

	"tend/internal/model"
	"tend/internal/store"
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
	var v View
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, err := s.accessFor(ctx, q, p)
		if err != nil {
			return err
		}
		c, err := s.load(ctx, q, a, chartID)
		if err != nil {
			return err
		}
		v = View{Client: c, CanChange: a.canChange(c), CanAssign: a.canAssign() && a.canChange(c), CanDelete: a.canDelete()}
		return s.Audit.Append(ctx, q, s.event(p, "chart.view", c.ID))
	})
	if err != nil {
		return View{}, fmt.Errorf("clients: get: %w", err)
	}
	return v, nil
}
