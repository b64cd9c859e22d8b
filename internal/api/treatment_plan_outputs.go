package api

import (
	"net/http"
	"strconv"

	"tend/internal/httpx"
	"tend/internal/model"
	"tend/internal/plandiff"
	"tend/internal/plangen"
	"tend/internal/plans"
)

// What a plan's versions give besides themselves (issue 15, items 2, 5 and 6): the diff of two, the PDF
// of one, and generated drafts.

// planDiffJSON is two versions compared word by word, per section.
type planDiffJSON struct {
	Plan     planJSON           `json:"plan"`
	From     planVersionJSON    `json:"from"`
	To       planVersionJSON    `json:"to"`
	Summary  plandiff.Stats     `json:"summary"`
	Text     string             `json:"summary_text"`
	Sections []plandiff.Section `json:"sections"`
}

// diffPlan compares ?from= with ?to=.
func (s *Server) diffPlan(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	num := func(k string) int {
		n, err := strconv.Atoi(r.URL.Query().Get(k))
		if err != nil {
			return 0 // refused by the use case with a field message
		}
		return n
	}
	d, err := s.Plans.Diff(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), num("from"), num("to"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, planDiffJSON{Plan: toPlan(d.Plan), From: toPlanVersion(d.From, false), To: toPlanVersion(d.To, false),
		Summary: d.Summary, Text: d.Summary.String(), Sections: d.Sections})
	return nil
}

// planPDF is one version as a PDF.
func (s *Server) planPDF(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	pdf, err := s.Plans.PDF(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), n)
	if err != nil {
		return err
	}
	httpx.WritePDF(w, pdf.Filename, pdf.Bytes)
	return nil
}

type planGenerateRequest struct {
	Length string `json:"length"`
	Tone   string `json:"tone"`
	Format string `json:"format"`
	Source string `json:"source"`
}

// planGeneratedJSON is a generated draft, saved as a version, and how it was made.
type planGeneratedJSON struct {
	planSavedJSON
	Fallback string `json:"fallback"`
	External bool   `json:"external"`
}

// generatePlan drafts a new plan ({plan} absent) or a new version of one (TP-2).
func (s *Server) generatePlan(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in planGenerateRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, err := s.Plans.Generate(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), plans.GenerateInput{
		Options: plangen.Options{Length: in.Length, Tone: in.Tone, Format: in.Format}, Source: in.Source})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, planGeneratedJSON{planSavedJSON: toPlanSaved(g.Saved), Fallback: g.Fallback, External: g.External})
	return nil
}
