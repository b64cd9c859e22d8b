package imports

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/authz"
	"tend/internal/csvimport"
	"tend/internal/model"
	"tend/internal/store"
)

// MappingInput is the mapping step's answer: the field of each column, by position ("" leaves it out),
// and how numeric dates are read: "mdy", "dmy", or "" to let the file's dates and the practice decide.
type MappingInput struct {
	Fields    []string
	DateOrder string
}

// SaveMapping stores the mapping of an uploaded (or already mapped, or failed) import after checking
// it: every field known, none twice, first and last name chosen. The preview comes next.
func (s *Service) SaveMapping(ctx context.Context, p model.Principal, importID string, in MappingInput) (model.ClientImport, error) {
	var out model.ClientImport
	err := s.Store.Tx(ctx, func(q store.Q) error {
		ci, err := s.load(ctx, q, p, authz.Create, importID, true)
		if err != nil {
			return err
		}
		switch ci.State {
		case model.ImportUploaded, model.ImportMapped, model.ImportFailed:
		default:
			return errState(ci)
		}
		switch csvimport.DateOrder(in.DateOrder) {
		case csvimport.OrderUnknown, csvimport.MonthFirst, csvimport.DayFirst:
		default:
			return model.FieldError("date_order", "Choose month first (mdy), day first (dmy), or leave it empty.")
		}
		t, err := csvimport.Parse(ci.Content)
		if err != nil {
			return fileError(err)
		}
		fields := make([]csvimport.Field, len(in.Fields))
		for i, f := range in.Fields {
			fields[i] = csvimport.Field(f)
		}
		if _, err := csvimport.NewReader(t, fields, model.DefaultDateFormat, s.Now()); err != nil {
			return err
		}
		from := ci.State
		ci.Mapping, ci.DateOrder, ci.State, ci.Error, ci.UpdatedAt = in.Fields, in.DateOrder, model.ImportMapped, "", s.Now().UTC()
		ci.UpdateRows = nil
		if err := store.SaveClientImport(ctx, q, ci, from); err != nil {
			return conflictMoved(err)
		}
		ci.Content = nil
		out = ci
		return nil
	})
	if err != nil {
		return model.ClientImport{}, fmt.Errorf("imports: mapping: %w", err)
	}
	return out, nil
}

// errState refuses a step the import is past (or not yet at).
func errState(ci model.ClientImport) error {
	switch ci.State {
	case model.ImportUploaded:
		return &model.ValidationError{Message: "Map the columns first, then look at the preview."}
	case model.ImportQueued, model.ImportRunning:
		return &model.ValidationError{Message: "This import is under way; its page shows how far it got."}
	case model.ImportDone:
		return &model.ValidationError{Message: "This import is finished. Upload the file again to import it anew."}
	case model.ImportUndone:
		return &model.ValidationError{Message: "This import was undone. Upload the file again to import it anew."}
	}
	return &model.ValidationError{Message: "This step is not open for this import now."}
}

// conflictMoved explains an import that another request moved on meanwhile.
func conflictMoved(err error) error {
	if errors.Is(err, model.ErrConflict) {
		return &model.ConflictError{Message: "This import was changed meanwhile (in another tab?). Reload it and try again."}
	}
	return err
}
