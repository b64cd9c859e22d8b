package api

import (
	"net/http"

	"tend/internal/httpx"
	"tend/internal/model"
)

// recordPDF answers the chart's whole record as one PDF for a records request (IM-2).
func (s *Server) recordPDF(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pdf, err := s.Records.Bundle(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WritePDF(w, pdf.Filename, pdf.Bytes)
	return nil
}
