package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"tend/internal/fhir"
	"tend/internal/model"
)

// FHIR R4 (IM-2): GET /api/v1/clients/{id}/fhir answers a chart's record as a Bundle; POST
// /api/v1/fhir/import makes or updates a chart from a Patient-centred Bundle.

// fhirContentType is FHIR's JSON media type.
const fhirContentType = "application/fhir+json; fhirVersion=4.0"

func (s *Server) getChartFHIR(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	b, err := s.FHIR.ChartBundle(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", fhirContentType)
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(b)
	return nil
}

// fhirImportJSON is what an import did.
type fhirImportJSON struct {
	ClientID string         `json:"client_id"`
	Created  bool           `json:"created"`
	Imported map[string]int `json:"imported"`
	Skipped  []fhirSkipped  `json:"skipped"`
}

type fhirSkipped struct {
	Entry        int    `json:"entry"`
	ResourceType string `json:"resource_type"`
	Reason       string `json:"reason"`
}

func (s *Server) importFHIR(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, fhir.MaxImportBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return model.FieldError("bundle", fmt.Sprintf("The Bundle is larger than %d MB: send one client's record at a time.", fhir.MaxImportBytes>>20))
		}
		return err
	}
	// Like every JSON body (decode), text with a NUL character is refused with the field that holds it.
	var doc any
	if json.Unmarshal(body, &doc) == nil {
		if field := nulIn(doc, ""); field != "" {
			return &badRequest{msg: fmt.Sprintf("Field %q holds a NUL character (\\u0000), which is not text. Remove it and send again.", field),
				field: field}
		}
	}
	res, err := s.FHIR.Import(r.Context(), p, body)
	if err != nil {
		return err
	}
	out := fhirImportJSON{ClientID: res.ChartID, Created: res.Created, Imported: res.Imported, Skipped: []fhirSkipped{}}
	for _, sk := range res.Skipped {
		out.Skipped = append(out.Skipped, fhirSkipped{sk.Entry, sk.ResourceType, sk.Reason})
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, out)
	return nil
}

// nulIn is the path of the first text in a decoded JSON document that holds a NUL character, or "".
func nulIn(v any, path string) string {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch x := v.(type) {
	case string:
		if strings.ContainsRune(x, 0) {
			return path
		}
	case []any:
		for i, e := range x {
			if f := nulIn(e, join(strconv.Itoa(i))); f != "" {
				return f
			}
		}
	case map[string]any:
		for k, e := range x {
			if strings.ContainsRune(k, 0) {
				return join(k)
			}
			if f := nulIn(e, join(k)); f != "" {
				return f
			}
		}
	}
	return ""
}
