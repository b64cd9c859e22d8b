package documents

import (
	"context"
	"fmt"

	"tend/internal/model"
	"tend/internal/store"
)

// ReviewQueue is what waits for a clinician's reading on Home: flagged documents apart and first, then
// the other finished documents, each list capped, with how many there are in all.
type ReviewQueue struct {
	Flagged       []Review
	FlaggedTotal  int
	Others        []Review
	OthersTotal   int
	ReadsClinical bool // false for billing staff, who never see this queue
}

// ReviewQueue lists up to limit flagged and up to limit other finished documents nobody has reviewed, on
// the charts the principal may see, oldest first in each. Each chart shown is audited, as ToReview does.
func (s *Service) ReviewQueue(ctx context.Context, p model.Principal, limit int) (ReviewQueue, error) {
	if !readsClinical(p) {
		return ReviewQueue{}, nil
	}
	v, err := s.Charts.VisibilityOf(ctx, s.Store.R(), p)
	if err != nil {
		return ReviewQueue{}, err
	}
	out := ReviewQueue{ReadsClinical: true}
	total, flagged, err := store.CountUnreviewed(ctx, s.Store.R(), p.PracticeID, v)
	if err != nil {
		return ReviewQueue{}, err
	}
	out.FlaggedTotal, out.OthersTotal = flagged, total-flagged
	seen := map[string]bool{}
	for _, fl := range []bool{true, false} {
		rs, err := store.UnreviewedByFlag(ctx, s.Store.R(), p.PracticeID, v, fl, limit)
		if err != nil {
			return ReviewQueue{}, err
		}
		list, err := s.reviews(ctx, p, rs, seen)
		if err != nil {
			return ReviewQueue{}, fmt.Errorf("documents: review queue: %w", err)
		}
		if fl {
			out.Flagged = list
		} else {
			out.Others = list
		}
	}
	return out, nil
}

// reviews names the chart of each request and audits each chart once.
func (s *Service) reviews(ctx context.Context, p model.Principal, rs []model.DocumentRequest, seen map[string]bool) ([]Review, error) {
	out := make([]Review, 0, len(rs))
	names := map[string]string{}
	for _, r := range rs {
		name, ok := names[r.ChartID]
		if !ok {
			c, err := s.Charts.VisibleChart(ctx, s.Store.R(), p, r.ChartID, false)
			if err != nil {
				return nil, err
			}
			name, names[r.ChartID] = c.Name(), c.Name()
		}
		out = append(out, Review{DocumentRequest: r, ChartName: name})
		if !seen[r.ChartID] {
			seen[r.ChartID] = true
			if err := s.recordRead(ctx, s.chartEvent(p, "chart.documents.to_review", r.ChartID)); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
