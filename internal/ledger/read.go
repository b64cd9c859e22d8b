package ledger

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// PageSize is how many entries a page of the timeline holds.
const PageSize = 25

// Page is a page of a chart's timeline, newest first: each entry carries the balance after it (the
// running balance), and Next is the key of the page after (0: this is the last).
type Page struct {
	Chart        model.Client
	Entries      []model.LedgerEntry
	BalanceCents int64
	Caps         Caps
	Next         int64
	Today        string // the practice's date, YYYY-MM-DD: the payment form's default
}

// Timeline reads a page of the chart's ledger, newest first, before the entry numbered before (0: from
// the newest), and audits the read. Proves PY-1.
func (s *Service) Timeline(ctx context.Context, p model.Principal, chartID string, before int64) (Page, error) {
	const action = "chart.ledger.view"
	q := s.Store.R()
	r, err := s.open(ctx, q, p, chartID, authz.View)
	if err != nil {
		return Page{}, s.denied(ctx, p, action, chartID, err)
	}
	es, err := store.LedgerPage(ctx, q, r.chart.ID, before, PageSize+1)
	if err != nil {
		return Page{}, fmt.Errorf("ledger: timeline: %w", err)
	}
	_, today, err := s.today(ctx, q, p.PracticeID)
	if err != nil {
		return Page{}, fmt.Errorf("ledger: timeline: %w", err)
	}
	pg := Page{Chart: r.chart, BalanceCents: r.chart.BalanceCents, Caps: capsOf(r), Today: today}
	if len(es) > PageSize {
		es = es[:PageSize]
		pg.Next = es[PageSize-1].Seq
	}
	pg.Entries = es
	return pg, s.recordRead(ctx, s.event(p, action, r.chart.ID, ""))
}
