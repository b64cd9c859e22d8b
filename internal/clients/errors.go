package clients

import (
	"errors"

	"tend/internal/model"
)

func isNotFound(err error) bool { return errors.Is(err, model.ErrNotFound) }
func isConflict(err error) bool { return errors.Is(err, model.ErrConflict) }
