package plans

import (
	"context"
	"time"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// Share shares a plan to the portal, or stops sharing it (PT-10). The portal shows the newest version the
// clinician signed, so a plan is shared only once one is signed; a draft never reaches the client.
func (s *Service) Share(ctx context.Context, p model.Principal, chartID, planID string, on bool) (model.TreatmentPlan, error) {
	action := "chart.plan.share"
	if !on {
		action = "chart.plan.unshare"
	}
	var out model.TreatmentPlan
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, pl, err := s.openLocked(ctx, q, p, chartID, planID, authz.Change)
		if err != nil {
			return err
		}
		if on == pl.Shared() {
			out = pl
			return nil
		}
		pl.UpdatedAt = s.now()
		pl.SharedAt, pl.SharedBy = time.Time{}, ""
		if on {
			if pl.State != model.PlanActive {
				return errClosed
			}
			signed, err := store.LatestSignedPlanVersion(ctx, q, pl.ID)
			if err != nil {
				return err
			}
			if signed == 0 {
				return &model.ValidationError{Message: "Sign the plan before sharing it: the portal shows the newest version you signed, never a draft."}
			}
			pl.SharedAt, pl.SharedBy = pl.UpdatedAt, p.StaffID
		}
		if err := store.SetPlanShared(ctx, q, pl); err != nil {
			return err
		}
		out = pl
		return s.Audit.Append(ctx, q, s.event(p, action, r.chart.ID, pl.ID))
	})
	if err != nil {
		return model.TreatmentPlan{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// SetState closes a plan (it stays readable, no longer changes or comes up for review) or reopens it.
func (s *Service) SetState(ctx context.Context, p model.Principal, chartID, planID string, state model.PlanState) (model.TreatmentPlan, error) {
	action := "chart.plan.close"
	if state == model.PlanActive {
		action = "chart.plan.reopen"
	} else if state != model.PlanClosed {
		return model.TreatmentPlan{}, model.FieldError("state", "Choose active or closed.")
	}
	var out model.TreatmentPlan
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, pl, err := s.openLocked(ctx, q, p, chartID, planID, authz.Change)
		if err != nil {
			return err
		}
		if pl.State == state {
			out = pl
			return nil
		}
		pl.State, pl.UpdatedAt = state, s.now()
		if err := store.SetPlanState(ctx, q, pl); err != nil {
			return err
		}
		out = pl
		return s.Audit.Append(ctx, q, s.event(p, action, r.chart.ID, pl.ID))
	})
	if err != nil {
		return model.TreatmentPlan{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}
