package web

import (
	"net/http"
	"slices"

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
	ts, err := s.Documents.ClientTemplates(r.Context(), p)
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
	// Staff read every answer the client gave, with each scored item's points (issue 13, item 8).
	form := formview.Answers(rq.Fields, rq.Answers, map[string]bool{"legal_sex": true}, rq.Scoring, true)
	form.Band = rq.Band
	data := requestPage{page: pg, C: v.Client, R: rq, Form: form}
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

// requestPDF downloads a finished document.
func (s *Server) requestPDF(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pdf, err := s.Documents.RequestPDF(r.Context(), p, r.PathValue("id"), r.PathValue("req"))
	if err != nil {
		return err
	}
	httpx.WritePDF(w, pdf.Filename, pdf.Bytes)
	return nil
}
