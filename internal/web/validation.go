package web

import (
	"errors"

	"tend/internal/model"
)

func asValidation(err error) (*model.ValidationError, *model.ConflictError) {
	var ve *model.ValidationError
	var ce *model.ConflictError
	if errors.As(err, &ve) {
		return ve, nil
	}
	if errors.As(err, &ce) {
		return nil, ce
	}
	return nil, nil
}
