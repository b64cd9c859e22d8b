package clinical

import (
	"context"
	"fmt"
	"strings"

	"tend/internal/authz"
	"tend/internal/icd10"
	"tend/internal/model"
	"tend/internal/store"
)

// SummaryInput changes a chart's mental-health history and presenting concerns; nil leaves one as it is.
type SummaryInput struct {
	History, Concerns *string
}

// UpdateSummary changes a chart's mental-health history and presenting concerns.
func (s *Service) UpdateSummary(ctx context.Context, p model.Principal, chartID string, in SummaryInput) (model.ClinicalSummary, error) {
	var out model.ClinicalSummary
	err := s.Store.Tx(ctx, func(q store.Q) error {
		sc, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		cur, err := store.ClinicalSummaryOf(ctx, q, chartID)
		if err != nil {
			return err
		}
		next := cur
		if in.History != nil {
			next.History = strings.TrimSpace(*in.History)
		}
		if in.Concerns != nil {
			next.Concerns = strings.TrimSpace(*in.Concerns)
		}
		if err := next.Validate(); err != nil {
			return err
		}
		if next.History == cur.History && next.Concerns == cur.Concerns {
			out = cur
			return nil // nothing changed: no revision, nothing to audit
		}
		values := struct {
			History  string `json:"history"`
			Concerns string `json:"concerns"`
		}{next.History, next.Concerns}
		if next.RevisionID, err = s.revise(ctx, q, sc, "chart.clinical_summary.update", kindSummary, chartID, cur.RevisionID, values, false); err != nil {
			return err
		}
		next.UpdatedBy, next.UpdatedAt = p.StaffID, s.Now().UTC()
		if err := store.SaveClinicalSummary(ctx, q, p.PracticeID, next); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return model.ClinicalSummary{}, fmt.Errorf("clinical: update summary: %w", s.denied(ctx, p, "chart.clinical_summary.update", err))
	}
	return out, nil
}

// SearchCodes finds ICD-10-CM codes as a person types (by code or words), for any signed-in staff
// member: the list is public reference data and nothing about a chart is read, so nothing is audited.
func (s *Service) SearchCodes(q string, limit int) []icd10.Code { return s.Codes.Search(q, limit) }
