package api

import (
	"net/http"
	"time"

	"tend/internal/documents"
	"tend/internal/model"
)

// intakePartJSON is one chart field beside the value an intake answer proposes for it.
type intakePartJSON struct {
	Field    string   `json:"field"`
	Label    string   `json:"label"`
	Chart    string   `json:"chart"`
	Proposed string   `json:"proposed"`
	Choices  []string `json:"choices,omitempty"`
}

// intakeRowJSON is one intake question side by side with the chart.
type intakeRowJSON struct {
	Key        string           `json:"key"`
	Label      string           `json:"label"`
	Chart      string           `json:"chart"`
	Answer     string           `json:"answer"`
	Same       bool             `json:"same"`
	Applicable bool             `json:"applicable"`
	Suggested  bool             `json:"suggested"`
	Parts      []intakePartJSON `json:"parts"`
}

// intakeReviewJSON is a finished built-in intake beside the chart (issue 13, item 10).
type intakeReviewJSON struct {
	RequestID string          `json:"request_id"`
	ClientID  string          `json:"client_id"`
	Rows      []intakeRowJSON `json:"rows"`
	AppliedAt *time.Time      `json:"applied_at"`
	Applied   []string        `json:"applied_fields"`
}

// getIntakeReview shows a finished intake's answers beside the chart's values, field by field.
func (s *Server) getIntakeReview(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Documents.IntakeReview(r.Context(), p, "", r.PathValue("id"), false)
	if err != nil {
		return err
	}
	out := intakeReviewJSON{RequestID: v.Request.ID, ClientID: v.Chart.ID, Rows: make([]intakeRowJSON, 0, len(v.Rows)), Applied: []string{}}
	for _, row := range v.Rows {
		rj := intakeRowJSON{Key: row.Key, Label: row.Label, Chart: row.Chart, Answer: row.Answer, Same: row.Same, Applicable: row.Applicable(),
			Suggested: row.Suggested, Parts: make([]intakePartJSON, 0, len(row.Parts))}
		for _, pt := range row.Parts {
			rj.Parts = append(rj.Parts, intakePartJSON{pt.Field, pt.Label, pt.Chart, pt.Proposed, pt.Choices})
		}
		out.Rows = append(out.Rows, rj)
	}
	if a := v.Applied; a != nil {
		out.AppliedAt, out.Applied = &a.AppliedAt, a.Fields
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// applyRequest chooses the intake answers to copy to the chart.
type applyRequest struct {
	Use               []string          `json:"use"`
	Values            map[string]string `json:"values"`
	ConfirmAdultMinor bool              `json:"confirm_adult_minor"`
}

// applyIntake copies the chosen answers to the chart: all or, when the chart refuses a value, none.
func (s *Server) applyIntake(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in applyRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c, err := s.Documents.ApplyIntake(r.Context(), p, "", r.PathValue("id"), documents.ApplyInput{Use: in.Use, Values: in.Values,
		ConfirmAdultMinor: in.ConfirmAdultMinor})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toClient(c))
	return nil
}
