package plans

import (
	"context"
	"fmt"

	"tend/internal/docpdf"
	"tend/internal/model"
	"tend/internal/store"
)

// PDF is a rendered plan version and the file name to offer.
type PDF struct {
	Bytes    []byte
	Filename string
}

// PDF renders a version of a plan (TP-1): the practice, the client's legal name, the plan, and its
// signatures with their hashes; the export is audited.
func (s *Service) PDF(ctx context.Context, p model.Principal, chartID, planID string, number int) (PDF, error) {
	const action = "chart.plan.pdf"
	q := s.Store.R()
	r, pl, err := s.openPlan(ctx, q, p, chartID, planID)
	if err != nil {
		return PDF{}, s.denied(ctx, p, action, chartID, err)
	}
	v, err := store.PlanVersion(ctx, q, pl.ID, number)
	if err != nil {
		return PDF{}, fmt.Errorf("plans: pdf: %w", err)
	}
	pr, err := store.PracticeByID(ctx, q, p.PracticeID)
	if err != nil {
		return PDF{}, fmt.Errorf("plans: pdf: %w", err)
	}
	b, err := s.renderPDF(pr, r.chart, v)
	if err != nil {
		return PDF{}, err
	}
	e := s.event(p, action, r.chart.ID, pl.ID)
	e.Detail = fmt.Sprintf("version=%d", number)
	return PDF{Bytes: b, Filename: pdfName(v)}, s.recordRead(ctx, e)
}

// renderPDF draws a version for chart c of practice pr.
func (s *Service) renderPDF(pr model.Practice, c model.Client, v model.PlanVersion) ([]byte, error) {
	b, err := docpdf.RenderPlan(docpdf.PlanDocument{Practice: pr.Name, Locale: pr.Locale(), ClientName: c.LegalName(), ChartID: c.ID,
		Version: v, Generated: s.now(), Fonts: s.Fonts})
	if err != nil {
		return nil, fmt.Errorf("plans: pdf: %w", err)
	}
	return b, nil
}

// pdfName says what the file is, never whom it is about.
func pdfName(v model.PlanVersion) string {
	return fmt.Sprintf("treatment-plan-v%d-%s.pdf", v.Number, v.CreatedAt.Format("2006-01-02"))
}
