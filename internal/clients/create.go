package clients

import (
	"context"
	"fmt"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Create adds an individual client (CL-1): first and last name are required, the rest optional. A
// clinician or supervisor who creates a client is their clinician unless another is chosen by someone
// allowed to assign. A duplicate email is a *model.ConflictError on "email" (CL-2).
func (s *Service) Create(ctx context.Context, p model.Principal, ch model.ClientChange) (model.Client, error) {
	now := s.Now().UTC()
	var out model.Client
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, err := s.accessFor(ctx, q, p)
		if err != nil {
			return err
		}
		c := model.Client{
			ID: id.New(), PersonID: id.New(), PracticeID: p.PracticeID, Kind: model.KindIndividual,
			State: model.StateActive, MessagingOn: true, CreatedAt: now, UpdatedAt: now,
		}
		empty := ""
		if ch.FirstName == nil {
			ch.FirstName = &empty
		}
		if ch.LastName == nil {
			ch.LastName = &empty
		}
		if !a.canAssign() {
			ch.AssignedClinicianID = nil
		}
		problems := ch.Apply(&c, s.today(a.practice))
		if c.AssignedClinicianID == "" && p.Role != model.RoleAdmin && p.Role != model.RoleBilling && ch.AssignedClinicianID == nil {
			c.AssignedClinicianID = p.StaffID
		}
		if err := checkClinician(ctx, q, p.PracticeID, c.AssignedClinicianID, problems); err != nil {
			return err
		}
		if err := problems.Err(); err != nil {
			return err
		}
		if err := store.InsertClient(ctx, q, c); err != nil {
			return isEmailConflict(err)
		}
		out = c
		return s.Audit.Append(ctx, q, s.event(p, "chart.create", c.ID))
	})
	if err != nil {
		return model.Client{}, fmt.Errorf("clients: create: %w", err)
	}
	return out, nil
}
