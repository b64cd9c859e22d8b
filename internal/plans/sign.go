package plans

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Sign adds the clinician's signature to the plan's newest version (TP-1): they type their full name;
// the time and the SHA-256 of the version's exact content are kept. An older version, or one already
// signed by a clinician, answers a conflict. A later version starts unsigned; this one stays as signed.
func (s *Service) Sign(ctx context.Context, p model.Principal, chartID, planID string, number int, fullName string) (model.PlanVersion, error) {
	const action = "chart.plan.sign"
	var out model.PlanVersion
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, pl, err := s.openLocked(ctx, q, p, chartID, planID, authz.Sign)
		if err != nil {
			return err
		}
		if pl.State != model.PlanActive {
			return errClosed
		}
		if number != pl.CurrentVersion {
			return &model.ConflictError{Message: fmt.Sprintf("Version %d is no longer the newest: sign version %d, after reading it.", number, pl.CurrentVersion)}
		}
		name, err := model.TypedSignature(fullName, p.Name)
		if err != nil {
			return err
		}
		v, err := store.PlanVersion(ctx, q, pl.ID, number)
		if err != nil {
			return err
		}
		if v.SignedBy(model.PlanSignerClinician) {
			return &model.ConflictError{Message: fmt.Sprintf("Version %d is already signed.", number)}
		}
		sig := model.PlanSignature{ID: id.New(), PlanID: pl.ID, VersionID: v.ID, Role: model.PlanSignerClinician, StaffID: p.StaffID,
			TypedName: name, SignedAt: s.now(), SHA256: v.SHA256, SignerIP: p.IP}
		if err := store.InsertPlanSignature(ctx, q, pl.PracticeID, sig); err != nil {
			return err
		}
		v.Signatures = append(v.Signatures, sig)
		out = v
		e := s.event(p, action, r.chart.ID, pl.ID)
		e.Detail = fmt.Sprintf("version=%d sha256=%s", number, v.SHA256)
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.PlanVersion{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}
