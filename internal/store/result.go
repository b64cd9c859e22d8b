package store

import (
	"database/sql"
	"fmt"

	"tend/internal/model"
)

// expectOne turns "no row changed" into model.ErrNotFound.
func expectOne(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("store: %s: %w", what, model.ErrNotFound)
	}
	return nil
}
