package plans

import (
	"context"
	"fmt"

	"tend/internal/model"
	"tend/internal/store"
)

// DueForReview lists the active plans on the person's own charts in care whose review date has come,
// the longest overdue first (Home's Needs attention), at most limit. It says only that a plan is due and
// when, never what it holds; people who see no plans (billing) get none.
func (s *Service) DueForReview(ctx context.Context, p model.Principal, limit int) ([]model.TreatmentPlan, error) {
	who, err := s.Charts.Who(ctx, s.Store.R(), p)
	if err != nil {
		return nil, fmt.Errorf("plans: due for review: %w", err)
	}
	// The person's own chart in care: whether they may see plans there is the policy's row for it.
	if !capsOf(reach{chart: model.Client{PracticeID: p.PracticeID, AssignedClinicianID: p.StaffID, State: model.StateActive}, who: who}).View {
		return nil, nil
	}
	_, today, err := s.practiceToday(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return nil, fmt.Errorf("plans: due for review: %w", err)
	}
	out, err := store.PlansDueOfClinician(ctx, s.Store.R(), p.PracticeID, p.StaffID, today, limit)
	if err != nil {
		return nil, fmt.Errorf("plans: due for review: %w", err)
	}
	return out, nil
}
