package portal

import (
	"net/http"
	"slices"
	"strings"

	"tend/internal/documents"
	"tend/internal/formview"
	"tend/internal/httpx"
	"tend/internal/model"
)

// documentPage is one document to fill in, or a finished one to read.
type documentPage struct {
	page
	D       documents.PortalDocument
	Form    formview.Form
	Errors  httpx.Form // full_name, confirm and the overall message
	Warning string
}

// answersOf reads the submitted answers: "a.<field id>" inputs, several values of a multiple choice
// joined by newlines. The form sends every question, a multiple choice with an empty value besides its
// ticked boxes, so a question left empty clears what was saved.
func answersOf(r *http.Request) map[string]string {
	out := map[string]string{}
	for k, vs := range r.PostForm {
		if id, ok := strings.CutPrefix(k, "a."); ok {
			if len(vs) > 1 {
				vs = slices.DeleteFunc(slices.Clone(vs), func(v string) bool { return v == "" })
			}
			out[id] = strings.Join(vs, "\n")
		}
	}
	return out
}

func (s *Server) renderDocument(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal, d documents.PortalDocument,
	answers map[string]string, f httpx.Form, status int) {
	if answers == nil {
		answers = d.Answers
	}
	fields := d.Fields
	if d.State.Open() {
		// While open, the Sign box below the form takes the name; the signature field would ask twice.
		fields = slices.DeleteFunc(slices.Clone(fields), func(f model.Field) bool { return f.Kind == model.FieldSignature })
	}
	// d.Fields are already those the practice's settings show.
	form := formview.New(fields, answers, f.Errors, map[string]bool{"legal_sex": true}, false)
	if !d.State.Open() {
		// A finished document reads back with each choice marked in words, not as a disabled form's faint dot
		// (issue 13, item 8); the points are for the clinician.
		form = formview.Answers(fields, answers, map[string]bool{"legal_sex": true}, d.Scoring, false)
	}
	s.render(w, r, status, "document", documentPage{page: page{Title: d.TemplateName, User: &pp, Notice: f.Values["notice"]}, D: d,
		Form: form, Errors: f})
}

// document shows a document of the person.
func (s *Server) document(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	d, err := s.Documents.PortalDocument(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := httpx.NewForm()
	if r.URL.Query().Get("saved") != "" {
		f.Values["notice"] = "Your answers are saved. Come back any time to finish."
	}
	s.renderDocument(w, r, pp, d, nil, f, http.StatusOK)
	return nil
}

// documentSubmit saves progress (also the autosave, which gets no page), submits or signs.
func (s *Server) documentSubmit(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	if err := r.ParseForm(); err != nil {
		return model.FieldError("answers", "The form could not be read. Try again.")
	}
	id, op, answers := r.PathValue("id"), r.PostFormValue("op"), answersOf(r)
	f := httpx.FormFrom(r, "full_name", "confirm")
	var d documents.PortalDocument
	var err error
	warning := ""
	switch op {
	case "autosave", "save":
		d, err = s.Documents.SaveProgress(r.Context(), pp, id, answers)
	case "submit":
		d, err = s.Documents.Submit(r.Context(), pp, id, answers)
	case "sign":
		var res documents.SignResult
		res, err = s.Documents.Sign(r.Context(), pp, id, answers, f.Get("full_name"), f.Get("confirm") == "on")
		d, warning = res.PortalDocument, res.Warning
	default:
		return model.FieldError("op", "Choose Save progress, Submit or Sign.")
	}
	if op == "autosave" {
		if err != nil {
			if f.Absorb(err) {
				w.WriteHeader(http.StatusUnprocessableEntity)
				return nil
			}
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		cur, lerr := s.Documents.PortalDocument(r.Context(), pp, id)
		if lerr != nil {
			return lerr
		}
		s.renderDocument(w, r, pp, cur, answers, f, http.StatusUnprocessableEntity)
		return nil
	}
	if op == "save" {
		http.Redirect(w, r, "/portal/d/"+d.ID+"?saved=1", http.StatusSeeOther)
		return nil
	}
	f = httpx.NewForm()
	f.Values["notice"] = "Thank you: " + d.TemplateName + " is " + strings.ToLower(d.State.Label()) + "."
	if d.Crisis == "" {
		// Not said with the crisis text: "can see it now" must not read as "someone is looking now".
		f.Values["notice"] += " Your practice can see it now."
	}
	if warning != "" {
		f.Values["notice"] += " " + warning
	}
	s.renderDocument(w, r, pp, d, nil, f, http.StatusOK)
	return nil
}

// documentPDF downloads the person's finished document.
func (s *Server) documentPDF(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	pdf, err := s.Documents.PortalPDF(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WritePDF(w, pdf.Filename, pdf.Bytes)
	return nil
}
