package web

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"tend/internal/documents"
	"tend/internal/model"
)

// applyPage is "Apply to chart" (issue 13, item 10): a finished intake's answers beside the chart, field
// by field; staff choose per field, and may correct a value before it is copied.
type applyPage struct {
	page
	V    documents.IntakeReview
	Form form
}

// Chosen reports whether a row's answer is to be copied: as submitted, else as suggested.
func (a applyPage) Chosen(row documents.IntakeRow) bool {
	if v, ok := a.Form.Values["use."+row.Key]; ok {
		return v == "answer"
	}
	return row.Suggested
}

// Value is a part's value in its input: as submitted, else the one the answer proposes.
func (a applyPage) Value(part documents.IntakePart) string {
	if v, ok := a.Form.Values["v."+part.Field]; ok {
		return v
	}
	return part.Proposed
}

// applyForm shows the side-by-side of a finished intake and the chart.
func (s *Server) applyForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	return s.renderApply(w, r, p, newForm(), http.StatusOK)
}

// applySubmit copies the chosen answers to the chart: all of them or, when the chart refuses one, none,
// with the message next to that field and everything as it was chosen.
func (s *Server) applySubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := newForm()
	in := documents.ApplyInput{Values: map[string]string{}, ConfirmAdultMinor: r.PostFormValue("confirm_adult_minor") == "on"}
	f.Values["confirm_adult_minor"] = r.PostFormValue("confirm_adult_minor")
	keys := slices.Sorted(maps.Keys(r.PostForm))
	for _, k := range keys {
		val := r.PostForm.Get(k)
		switch {
		case strings.HasPrefix(k, "use."):
			f.Values[k] = val
			if val == "answer" {
				in.Use = append(in.Use, strings.TrimPrefix(k, "use."))
			}
		case strings.HasPrefix(k, "v."):
			// Every part's value goes along; only the chosen rows' are applied.
			f.Values[k], in.Values[strings.TrimPrefix(k, "v.")] = val, val
		}
	}
	if _, err := s.Documents.ApplyIntake(r.Context(), p, r.PathValue("id"), r.PathValue("req"), in); err != nil {
		if !validation(err, &f) {
			return err
		}
		return s.renderApply(w, r, p, f, http.StatusUnprocessableEntity)
	}
	s.setFlash(w, "The chosen answers are on the chart now.")
	http.Redirect(w, r, "/clients/"+r.PathValue("id")+"?tab=details", http.StatusSeeOther)
	return nil
}

func (s *Server) renderApply(w http.ResponseWriter, r *http.Request, p model.Principal, f form, status int) error {
	v, err := s.Documents.IntakeReview(r.Context(), p, r.PathValue("id"), r.PathValue("req"), true)
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Apply to chart", "clients")
	if err != nil {
		return err
	}
	s.render(w, r, status, "intake_apply", applyPage{page: pg, V: v, Form: f})
	return nil
}

// RowHasError reports whether the chart refused a value of the row.
func (a applyPage) RowHasError(row documents.IntakeRow) bool {
	for _, part := range row.Parts {
		if a.Form.Errors[part.Field] != "" {
			return true
		}
	}
	return false
}

// OtherErrors are the messages that belong to no value's input (a choice of nothing, say).
func (a applyPage) OtherErrors() []string {
	parts := map[string]bool{"confirm_adult_minor": true}
	for _, row := range a.V.Rows {
		for _, part := range row.Parts {
			parts[part.Field] = true
		}
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(a.Form.Errors)) {
		if !parts[k] {
			out = append(out, a.Form.Errors[k])
		}
	}
	return out
}

// Applicable reports whether any answer can be copied to the chart.
func (a applyPage) Applicable() bool {
	return slices.ContainsFunc(a.V.Rows, func(r documents.IntakeRow) bool { return r.Applicable() })
}

// Untouched are the rows with nothing to apply: not answered, or the same as the chart.
func (a applyPage) Untouched() []documents.IntakeRow {
	var out []documents.IntakeRow
	for _, r := range a.V.Rows {
		if !r.Applicable() {
			out = append(out, r)
		}
	}
	return out
}
