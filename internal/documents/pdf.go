package documents

import (
	"context"
	"fmt"
	"strings"

	"tend/internal/docpdf"
	"tend/internal/model"
	"tend/internal/store"
)

// PDF is a rendered document and the file name to offer.
type PDF struct {
	Bytes    []byte
	Filename string
}

// RequestPDF renders a completed or signed request for staff, and audits the export. chartID, when
// given, is the chart the request must be on ("" when the caller names the request alone, as the API does).
func (s *Service) RequestPDF(ctx context.Context, p model.Principal, chartID, requestID string) (PDF, error) {
	r, err := s.loadRequest(ctx, s.Store.R(), p, chartID, requestID, false)
	if err != nil {
		return PDF{}, fmt.Errorf("documents: pdf: %w", s.Charts.AuditDenied(ctx, p, "chart.document.pdf", "", err))
	}
	c, err := s.Charts.VisibleChart(ctx, s.Store.R(), p, r.ChartID, false)
	if err != nil {
		return PDF{}, err
	}
	out, err := s.render(ctx, r, c)
	if err != nil {
		return PDF{}, err
	}
	e := s.chartEvent(p, "chart.document.pdf", r.ChartID)
	e.RecordType, e.RecordID = "document_request", r.ID
	return out, s.recordRead(ctx, e)
}

// PortalPDF renders a finished document of the portal user, and audits the export in its practice.
func (s *Service) PortalPDF(ctx context.Context, pp model.PortalPrincipal, requestID string) (PDF, error) {
	d, err := s.portalDoc(ctx, s.Store.R(), pp, requestID)
	if err != nil {
		return PDF{}, err
	}
	c, err := store.ClientByID(ctx, s.Store.R(), d.PracticeID, d.ChartID)
	if err != nil {
		return PDF{}, err
	}
	d.Flag = "" // a clinical flag is for staff only
	out, err := s.render(ctx, d.DocumentRequest, c)
	if err != nil {
		return PDF{}, err
	}
	e := portalEvent(s.now(), d.PracticeID, pp, "portal.document.pdf", "document_request", d.ID)
	e.ChartID = d.ChartID
	return out, s.recordRead(ctx, e)
}

func (s *Service) render(ctx context.Context, r model.DocumentRequest, c model.Client) (PDF, error) {
	if !r.State.Done() {
		return PDF{}, &model.ValidationError{Message: "A document has a PDF once it is completed or signed."}
	}
	pr, err := store.PracticeByID(ctx, s.Store.R(), r.PracticeID)
	if err != nil {
		return PDF{}, err
	}
	name := c.Name()
	if r.UsesLegalName {
		name = c.LegalName()
	}
	b, err := docpdf.Render(docpdf.Document{Practice: pr.Name, ClientName: name, Locale: pr.Locale(), Request: r, Generated: s.now(), Fonts: s.Fonts})
	if err != nil {
		return PDF{}, err
	}
	// The file name names the document, never the client.
	slug := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(r.TemplateName))
	return PDF{Bytes: b, Filename: strings.Trim(slug, "-") + "-" + r.ID[:8] + ".pdf"}, nil
}
