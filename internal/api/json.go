package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"

	"tend/internal/account"
	"tend/internal/appointments"
	"tend/internal/httpx"
	"tend/internal/model"
)

// maxBody is the largest request body the API reads.
const maxBody = 1 << 20

// errorBody is the one error envelope: {"error":{"code","message","fields"}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// Lookalike names the record whose email looks like the one sent (code email_confusable).
	Lookalike *lookalikeJSON `json:"lookalike,omitempty"`
	// Overlaps are the clinician's appointments in the way of a booking (code overlap): send the request
	// again with "confirm_overlap": true to book anyway.
	Overlaps []overlapJSON `json:"overlaps,omitempty"`
}

// lookalikeJSON is the record an email_confusable error points at: send the request again with
// "confirm_distinct_email": true when the address really is another one.
type lookalikeJSON struct {
	Field      string `json:"field"`
	RecordType string `json:"record_type"` // client, contact or staff
	ID         string `json:"id"`          // the client's id, the contact's person id or the staff member's id
	Name       string `json:"name"`
}

// badRequest is malformed JSON: a 400 with a message that says what is wrong with the body.
type badRequest struct {
	msg   string
	field string // the field at fault, when one is
}

func (e *badRequest) Error() string { return e.msg }

// decode reads exactly one JSON object into v, refusing unknown fields, trailing data and bodies over 1 MiB.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return err
		case errors.Is(err, io.EOF):
			return &badRequest{msg: "The request body is empty; send a JSON object."}
		case errors.As(err, &se):
			return &badRequest{msg: fmt.Sprintf("The body is not valid JSON (at byte %d).", se.Offset)}
		case errors.As(err, &te):
			return &badRequest{msg: fmt.Sprintf("Field %q must be a %s.", te.Field, te.Type.String())}
		default:
			// Unknown fields and the like; encoding/json's message names the field and holds no data of ours.
			return &badRequest{msg: "The body could not be read: " + err.Error() + "."}
		}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return &badRequest{msg: "The body must hold a single JSON object and nothing after it."}
	}
	if field := nulField(reflect.ValueOf(v), ""); field != "" {
		return &badRequest{msg: fmt.Sprintf("Field %q holds a NUL character (\\u0000), which is not text. Remove it and send again.", field),
			field: field}
	}
	return nil
}

// writeJSON encodes v with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes err in the error envelope with the status httpx.Classify chooses.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var br *badRequest
	var oe *appointments.OverlapError
	var p httpx.Problem
	var overlaps []overlapJSON
	switch {
	case errors.As(err, &oe):
		p = httpx.Problem{Status: http.StatusConflict, Code: "overlap", Message: oe.Message()}
		overlaps = toOverlaps(oe)
	case errors.As(err, &br):
		p = httpx.Problem{Status: http.StatusBadRequest, Code: "bad_request", Message: br.msg}
		if br.field != "" {
			p.Fields = map[string]string{br.field: "Remove the NUL character."}
		}
	case errors.Is(err, account.ErrBadCredentials):
		p = httpx.Problem{Status: http.StatusUnauthorized, Code: "invalid_credentials", Message: "The email or password is incorrect."}
	case errors.Is(err, account.ErrPasswordChangeRequired):
		p = httpx.Problem{Status: http.StatusForbidden, Code: "password_change_required", Message: "Choose your own password first (POST /api/v1/me/password): the one you were given is temporary."}
	case errors.Is(err, account.ErrTwoStepRequired):
		p = httpx.Problem{Status: http.StatusForbidden, Code: "two_step_required", Message: "Your practice requires two-step sign-in. Set it up first: POST /api/v1/me/two-step/setup, then POST /api/v1/me/two-step/confirm with a code."}
	case errors.Is(err, account.ErrAlreadySetUp):
		p = httpx.Problem{Status: http.StatusConflict, Code: "already_set_up", Message: "This installation is already set up. Sign in instead."}
	default:
		var internal bool
		p, internal = httpx.Classify(err)
		if internal {
			log.ErrorContext(r.Context(), "api request failed", slog.String("route", r.Pattern), slog.Any("error", err))
		}
		var te *model.ThrottledError
		if errors.As(err, &te) {
			w.Header().Set("Retry-After", strconv.Itoa(int(te.RetryAfter.Seconds())+1))
		}
	}
	d := errorDetail{Code: p.Code, Message: p.Message, Fields: p.Fields, Overlaps: overlaps}
	if l := p.Lookalike; l != nil {
		d.Lookalike = &lookalikeJSON{l.Field, l.RecordType, l.RecordID, l.Name}
	}
	writeJSON(w, p.Status, errorBody{d})
}
