package api

import (
	"encoding/json"
	"net/http"

	"tend/internal/model"
)

// FHIR R4 (IM-2): GET /api/v1/clients/{id}/fhir answers a chart's record as a Bundle.

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
