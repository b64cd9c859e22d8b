package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"tend/internal/documents"
	"tend/internal/formview"
	"tend/internal/httpx"
	"tend/internal/model"
)

// manageDocsPage is Manage documentation (DC-2): the tick list, then a confirmation with Save or
// Save & send notification.
type manageDocsPage struct {
	page
	C         model.Client
	Templates []model.Template
	Ticked    map[string]bool
	Members   []model.Member
	MemberOn  map[string]bool
	Confirm   bool
	Adds      []string // template names to request
	Removes   []string // open requests to withdraw
	Form      form
}

func (s *Server) manageDocsData(w http.ResponseWriter, r *http.Request, p model.Principal) (manageDocsPage, []model.DocumentRequest, error) {
	v, err := s.Clients.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return manageDocsPage{}, nil, err
	}
	reqs, err := s.Documents.ChartDocuments(r.Context(), p, v.ID)
	if err != nil {
		return manageDocsPage{}, nil, err
	}
	ts, err := s.Documents.Templates(r.Context(), p, false)
	if err != nil {
		return manageDocsPage{}, nil, err
	}
	pg, err := s.base(w, r, p, "Manage documentation", "clients")
	if err != nil {
		return manageDocsPage{}, nil, err
	}
	data := manageDocsPage{page: pg, C: v.Client, Templates: ts, Ticked: map[string]bool{}, MemberOn: map[string]bool{}, Form: newForm()}
	for _, rq := range reqs {
		if rq.State.Open() {
			data.Ticked[rq.TemplateID] = true
		}
	}
	for _, m := range v.Members {
		data.Members = append(data.Members, m.Member)
		data.MemberOn[m.Client.ID] = true
	}
	return data, reqs, nil
}

// manageDocsForm shows the tick list: ticked are the templates with an open request.
func (s *Server) manageDocsForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, _, err := s.manageDocsData(w, r, p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "client_documents", data)
	return nil
}

// manageDocsSubmit: Continue shows what will change; Save or Save & send notification does it.
func (s *Server) manageDocsSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, reqs, err := s.manageDocsData(w, r, p)
	if err != nil {
		return err
	}
	ticked := r.PostForm["template_id"]
	members := r.PostForm["member_id"]
	data.Ticked, data.MemberOn = map[string]bool{}, map[string]bool{}
	for _, t := range ticked {
		data.Ticked[t] = true
	}
	for _, m := range members {
		data.MemberOn[m] = true
	}
	op := r.PostFormValue("op")
	if op == "continue" {
		data.Confirm = true
		for _, t := range data.Templates {
			open := slices.ContainsFunc(reqs, func(rq model.DocumentRequest) bool { return rq.State.Open() && rq.TemplateID == t.ID })
			if data.Ticked[t.ID] && !open {
				data.Adds = append(data.Adds, t.Name)
			}
		}
		for _, rq := range reqs {
			if rq.State.Open() && !data.Ticked[rq.TemplateID] {
				name := rq.TemplateName
				if rq.MemberName != "" {
					name += " (" + rq.MemberName + ")"
				}
				data.Removes = append(data.Removes, name)
			}
		}
		s.render(w, r, http.StatusOK, "client_documents", data)
		return nil
	}
	if op != "save" && op != "save_notify" {
		s.render(w, r, http.StatusOK, "client_documents", data) // "Back": the tick list as ticked
		return nil
	}
	_, err = s.Documents.ManageDocuments(r.Context(), p, data.C.ID, documents.ManageInput{TemplateIDs: ticked, Notify: op == "save_notify",
		MemberIDs: members})
	if err != nil {
		if !validation(err, &data.Form) {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "client_documents", data)
		return nil
	}
	msg := "Documentation saved."
	if op == "save_notify" {
		msg = "Documentation saved, and the portal users were emailed."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, "/clients/"+data.C.ID+"?tab=portal#documents", http.StatusSeeOther)
	return nil
}

// requestPage is one request as staff see it: answers, score, signature.
type requestPage struct {
	page
	C    model.Client
	R    model.DocumentRequest
	Form formview.Form
	// Intake: a finished built-in intake the person may apply to the chart (issue 13, item 10), and
	// whether it was applied already.
	Intake, Applied bool
}

// requestView shows a request's answers (read-only) with its score and signature.
func (s *Server) requestView(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	rq, err := s.Documents.Request(r.Context(), p, r.PathValue("id"), r.PathValue("req"))
	if err != nil {
		return err
	}
	v, err := s.Clients.Get(r.Context(), p, rq.ChartID)
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, rq.TemplateName, "clients")
	if err != nil {
		return err
	}
	data := requestPage{page: pg, C: v.Client, R: rq, Form: formview.New(rq.Fields, rq.Answers, nil, map[string]bool{"legal_sex": true}, true)}
	if v.CanChange {
		intakes, err := s.Documents.IntakeStates(r.Context(), p, v.Client, []model.DocumentRequest{rq})
		if err != nil {
			return err
		}
		data.Applied, data.Intake = intakes[rq.ID]
	}
	s.render(w, r, http.StatusOK, "client_document", data)
	return nil
}

// requestAction resends a request's notification or marks it reviewed.
func (s *Server) requestAction(action string) staffHandler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		var err error
		msg, to := "Notification sent again.", "/clients/"+r.PathValue("id")+"?tab=portal#documents"
		if action == "resend" {
			_, err = s.Documents.ResendRequest(r.Context(), p, r.PathValue("id"), r.PathValue("req"))
		} else {
			msg, to = "Marked reviewed.", "/clients/"+r.PathValue("id")+"/documents/"+r.PathValue("req")
			_, err = s.Documents.MarkReviewed(r.Context(), p, r.PathValue("id"), r.PathValue("req"))
		}
		if err != nil {
			f := newForm()
			if !validation(err, &f) {
				return err
			}
			msg = f.Message
		}
		s.setFlash(w, msg)
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
}

// scoreChart draws the scores of a chart's assessments over time as a small SVG (DC-6): one line per
// assessment, its points labelled for screen readers.
func scoreChart(reqs []model.DocumentRequest) template.HTML {
	type point struct {
		at    int64
		score int
		label string
	}
	series := map[string][]point{}
	maxOf := map[string]float64{}
	var names []string
	var first, last int64
	for _, rq := range reqs {
		if rq.Score == nil || !rq.State.Done() {
			continue
		}
		at := rq.CompletedAt.Unix()
		// One line per assessment and person: family members' scores never join one trend.
		name := rq.TemplateName
		if rq.MemberName != "" {
			name += " · " + rq.MemberName
		}
		if _, ok := series[name]; !ok {
			names = append(names, name)
		}
		maxOf[name] = map[string]float64{model.ScoringPHQ9: 27, model.ScoringGAD7: 21}[rq.Scoring]
		series[name] = append(series[name], point{at, *rq.Score, fmt.Sprintf("%s %s: %d (%s)",
			name, rq.CompletedAt.Format("2 Jan 2006"), *rq.Score, rq.Band)})
		if first == 0 || at < first {
			first = at
		}
		last = max(last, at)
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	const w, h, pad = 560.0, 160.0, 34.0
	span := float64(max(last-first, 1))
	colors := []string{"#0f6e5e", "#8a3b12", "#1d3f80", "#6b2a6b"}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="score-chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="score-chart-title"><title id="score-chart-title">Assessment scores over time</title>`, w, h+2*pad)
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#9aa4ab"/>`, pad, h, w-pad, h)
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#9aa4ab"/>`, pad, pad, pad, h)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="11" fill="#55606a" text-anchor="end">0</text>`, pad-6, h+4)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="11" fill="#55606a" text-anchor="start">%s</text>`, pad, h+16, time.Unix(first, 0).UTC().Format("2 Jan 2006"))
	if last != first {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="11" fill="#55606a" text-anchor="end">%s</text>`, w-pad, h+16, time.Unix(last, 0).UTC().Format("2 Jan 2006"))
	}
	for i, name := range names {
		pts := series[name]
		slices.SortFunc(pts, func(a, c point) int { return int(a.at - c.at) })
		maxScore := maxOf[name]
		if maxScore == 0 {
			maxScore = 27
		}
		color := colors[i%len(colors)]
		var line []string
		for _, pt := range pts {
			x := pad + (w-2*pad)*float64(pt.at-first)/span
			if len(pts) == 1 || last == first {
				x = w / 2
			}
			y := h - (h-pad)*float64(pt.score)/maxScore
			line = append(line, fmt.Sprintf("%.1f,%.1f", x, y))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>%s</title></circle>`, x, y, color, template.HTMLEscapeString(pt.label))
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" fill="%s" text-anchor="middle">%d</text>`, x, y-8, color, pt.score)
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(line, " "), color)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12" fill="%s">%s (0–%.0f)</text>`, pad+float64(i)*260, h+34, color,
			template.HTMLEscapeString(name), maxScore)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // numbers we computed and escaped names only
}

// requestPDF downloads a finished document.
func (s *Server) requestPDF(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pdf, err := s.Documents.RequestPDF(r.Context(), p, r.PathValue("id"), r.PathValue("req"))
	if err != nil {
		return err
	}
	httpx.WritePDF(w, pdf.Filename, pdf.Bytes)
	return nil
}
