package imports

import (
	"context"
	"fmt"
	"slices"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// Commit starts the import of a mapped file: the rows without problems are created, each duplicate is
// skipped unless its row is in updateRows (then it updates the practice's client), and rows with
// problems are left out. A durable job writes it all in one transaction; without a queue it runs now.
// Nobody is invited to the portal (PT-2).
func (s *Service) Commit(ctx context.Context, p model.Principal, importID string, updateRows []int) (View, error) {
	var ci model.ClientImport
	err := s.Store.Tx(ctx, func(q store.Q) error {
		var err error
		if ci, err = s.load(ctx, q, p, authz.Create, importID, true); err != nil {
			return err
		}
		if ci.State != model.ImportMapped && ci.State != model.ImportFailed {
			return errState(ci)
		}
		pl, err := s.makePlan(ctx, q, ci)
		if err != nil {
			return err
		}
		slices.Sort(updateRows)
		updateRows = slices.Compact(updateRows)
		if err := pl.choose(updateRows); err != nil {
			return err
		}
		if pl.creates()+len(updateRows) == 0 {
			return &model.ValidationError{Message: "Nothing to import: every row has a problem or is a duplicate that is skipped. Mend the file and upload it again."}
		}
		from := ci.State
		ci.UpdateRows, ci.State, ci.Error, ci.UpdatedAt = updateRows, model.ImportQueued, "", s.Now().UTC()
		if err := store.SaveClientImport(ctx, q, ci, from); err != nil {
			return conflictMoved(err)
		}
		if s.Queue != nil {
			return s.Queue(ctx, q, ci.ID)
		}
		return nil
	})
	if err != nil {
		return View{}, fmt.Errorf("imports: commit: %w", err)
	}
	if s.Queue == nil {
		if err := s.Run(ctx, ci.ID); err != nil {
			return View{}, err
		}
	}
	return s.Get(ctx, p, importID)
}
