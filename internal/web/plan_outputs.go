package web

import (
	"net/http"
	"strconv"

	"tend/internal/httpx"
	"tend/internal/model"
	"tend/internal/plandiff"
	"tend/internal/plans"
)

// Issue 15, items 2 and 5 (TP-1): two versions of a plan compared word by word, and a version as a PDF.

// diffPage is two versions compared, or the chooser with the refusal's messages.
type diffPage struct {
	page
	Chart    model.Client
	Plan     model.TreatmentPlan
	D        *plans.Diff // nil when the versions asked for were refused
	From, To int         // the versions picked in the chooser
	Form     form
}

// Versions are the plan's version numbers, newest first, for the chooser.
func (dp diffPage) Versions() []int {
	out := make([]int, 0, dp.Plan.CurrentVersion)
	for n := dp.Plan.CurrentVersion; n >= 1; n-- {
		out = append(out, n)
	}
	return out
}

// Changed and Unchanged split the sections: the changed ones open, the others folded away.
func (dp diffPage) Changed() []plandiff.Section   { return dp.sections(true) }
func (dp diffPage) Unchanged() []plandiff.Section { return dp.sections(false) }

func (dp diffPage) sections(changed bool) []plandiff.Section {
	var out []plandiff.Section
	if dp.D == nil {
		return out
	}
	for _, s := range dp.D.Sections {
		if s.Changed == changed {
			out = append(out, s)
		}
	}
	return out
}

// queryVersion reads a version number of the query; anything else is 0, which the use case refuses
// with a field message.
func queryVersion(r *http.Request, key string) int {
	n, err := strconv.Atoi(r.URL.Query().Get(key))
	if err != nil {
		return 0
	}
	return n
}

// planDiff compares ?from= with ?to=. Versions that are missing or not the plan's show the chooser
// with the message, the plan read as its newest version.
func (s *Server) planDiff(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	from, to := queryVersion(r, "from"), queryVersion(r, "to")
	d, err := s.Plans.Diff(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), from, to)
	data := diffPage{From: from, To: to, Form: newForm()}
	status := http.StatusOK
	if err != nil {
		if !validation(err, &data.Form) {
			return err
		}
		v, err := s.Plans.Get(r.Context(), p, r.PathValue("id"), r.PathValue("plan"), 0)
		if err != nil {
			return err
		}
		data.Chart, data.Plan, status = v.Chart, v.Plan, http.StatusUnprocessableEntity
	} else {
		data.Chart, data.Plan, data.D = d.Chart, d.Plan, &d
	}
	if data.From < 1 || data.From > data.Plan.CurrentVersion {
		data.From = max(data.Plan.CurrentVersion-1, 1)
	}
	if data.To < 1 || data.To > data.Plan.CurrentVersion {
		data.To = data.Plan.CurrentVersion
	}
	if data.page, err = s.base(w, r, p, "Compare versions", "clients"); err != nil {
		return err
	}
	s.render(w, r, status, "plan_diff", data)
	return nil
}

// planPDF downloads a version with its signatures and their fingerprints.
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
