package httpx

import (
	"errors"
	"net/http"
	"strconv"

	"tend/internal/model"
)

// Problem is an error as the front doors show it.
type Problem struct {
	Status  int
	Code    string
	Message string
	Fields  map[string]string
	// Lookalike is the record whose email the submitted one looks like (email_confusable), when the
	// principal may see it.
	Lookalike *model.ConfusableEmailError
}

// Classify is the one place that maps errors to HTTP: validation 422, duplicates and look-alike emails
// 409, missing or other practice's records 404, forbidden 403, not signed in 401, throttled 429. Anything
// else is a 500 whose message reveals nothing internal; Internal reports whether the caller should log err.
func Classify(err error) (p Problem, internal bool) {
	var ve *model.ValidationError
	var ce *model.ConflictError
	var le *model.ConfusableEmailError
	var te *model.ThrottledError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ve):
		msg := ve.Message
		if msg == "" {
			msg = "Some fields need attention."
		}
		return Problem{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Message: msg, Fields: ve.Fields}, false
	case errors.As(err, &le):
		p := Problem{Status: http.StatusConflict, Code: "email_confusable", Message: le.Message(),
			Fields: map[string]string{le.Field: le.Message()}}
		if le.RecordID != "" {
			p.Lookalike = le
		}
		return p, false
	case errors.As(err, &ce):
		p := Problem{Status: http.StatusConflict, Code: "conflict", Message: ce.Message}
		if ce.Field != "" {
			p.Fields = map[string]string{ce.Field: ce.Message}
		}
		return p, false
	case errors.As(err, &te):
		return Problem{Status: http.StatusTooManyRequests, Code: "too_many_attempts", Message: ThrottleMessage(te)}, false
	case errors.As(err, &mbe):
		return Problem{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: "The request body is larger than 1 MiB."}, false
	case errors.Is(err, model.ErrConflict):
		return Problem{Status: http.StatusConflict, Code: "conflict", Message: "This clashes with an existing record."}, false
	case errors.Is(err, model.ErrReference):
		return Problem{Status: http.StatusConflict, Code: "reference", Message: "This refers to a record that no longer exists, or to one still in use elsewhere. Reload and try again."}, false
	case errors.Is(err, model.ErrNotFound):
		return Problem{Status: http.StatusNotFound, Code: "not_found", Message: "There is nothing here. It may have been removed, or the address is wrong."}, false
	case errors.Is(err, model.ErrForbidden):
		return Problem{Status: http.StatusForbidden, Code: "forbidden", Message: "Your role does not allow this. Ask your practice's owner or an admin."}, false
	case errors.Is(err, model.ErrUnauthenticated):
		return Problem{Status: http.StatusUnauthorized, Code: "unauthenticated", Message: "Sign in to continue."}, false
	}
	return Problem{Status: http.StatusInternalServerError, Code: "internal", Message: "Something went wrong on our side. It has been logged; please try again."}, true
}

// ThrottleMessage tells a person how long to wait.
func ThrottleMessage(te *model.ThrottledError) string {
	m := te.Minutes()
	unit := "minutes"
	if m == 1 {
		unit = "minute"
	}
	return "Too many failed sign-in attempts for this email. Try again in " + strconv.Itoa(m) + " " + unit + "."
}
