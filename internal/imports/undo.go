package imports

import (
	"context"
	"encoding/json"
	"fmt"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// Undo takes a finished import back, within UndoWindow and only while nothing it created has changed
// since: the charts it created go, with their people, guardians and tags, and the clients it updated
// get back the details they had. One audit event records it, with the counts.
func (s *Service) Undo(ctx context.Context, p model.Principal, importID string) (View, error) {
	err := s.Store.Tx(ctx, func(q store.Q) error {
		ci, err := s.load(ctx, q, p, authz.Delete, importID, false)
		if err != nil {
			return err
		}
		if v := s.view(ci); !v.CanUndo {
			if ci.State == model.ImportDone {
				return &model.ValidationError{Message: "This import can no longer be undone: that is possible for 24 hours after it finished."}
			}
			return errState(ci)
		}
		recs, err := store.ImportRecords(ctx, q, ci.ID)
		if err != nil {
			return err
		}
		var created, persons, touched []string
		for _, r := range recs {
			touched = append(touched, r.ChartID)
			if r.Before != "" {
				continue
			}
			created = append(created, r.ChartID)
			persons = append(persons, r.PersonID)
			if r.GuardianPersonID != "" {
				persons = append(persons, r.GuardianPersonID)
			}
		}
		changed, err := store.ChangedSince(ctx, q, touched, persons, ci.CommittedAt)
		if err != nil {
			return err
		}
		active, err := store.ChartsWithActivity(ctx, q, created)
		if err != nil {
			return err
		}
		if changed+active > 0 {
			return &model.ValidationError{Message: "This import can no longer be undone: clients it created or updated have changed since " +
				"(details edited, or notes, appointments, files or contacts added). Change or delete those clients one by one instead."}
		}
		if err := store.DeleteImported(ctx, q, ci.PracticeID, created, persons); err != nil {
			return err
		}
		for _, r := range recs {
			if r.Before == "" {
				continue
			}
			var c model.Client
			if err := json.Unmarshal([]byte(r.Before), &c); err != nil {
				return fmt.Errorf("imports: undo: chart %s as it was: %w", r.ChartID, err)
			}
			var tagIDs []string
			for _, t := range c.Tags {
				tagIDs = append(tagIDs, t.ID)
			}
			if err := store.SetChartTags(ctx, q, c.ID, tagIDs); err != nil {
				return err
			}
			if err := store.UpdateClient(ctx, q, c); err != nil {
				return fmt.Errorf("imports: undo: chart %s: %w", r.ChartID, err)
			}
		}
		ci.State, ci.UndoneAt, ci.UpdatedAt = model.ImportUndone, s.Now().UTC(), s.Now().UTC()
		if err := store.SaveClientImport(ctx, q, ci, model.ImportDone); err != nil {
			return conflictMoved(err)
		}
		return s.Audit.Append(ctx, q, s.event(p, "clients.import.undo", ci))
	})
	if err != nil {
		return View{}, fmt.Errorf("imports: undo: %w", err)
	}
	return s.Get(ctx, p, importID)
}
