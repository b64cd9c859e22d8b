package api

import (
	"net/http"
	"time"

	"tend/internal/documents"
	"tend/internal/httpx"
	"tend/internal/model"
)

// requestJSON is a document request: its state, notification delivery, answers (keyed by field id),
// score and severity.
type requestJSON struct {
	ID            string            `json:"id"`
	ClientID      string            `json:"client_id"`
	TemplateID    string            `json:"template_id"`
	TemplateName  string            `json:"template_name"`
	Version       int               `json:"version"`
	MemberID      string            `json:"member_person_id,omitempty"`
	MemberName    string            `json:"member_name,omitempty"`
	State         string            `json:"state"`
	Notification  string            `json:"notification"` // none, queued, sent, written, failed
	NotifyError   string            `json:"notification_error,omitempty"`
	Answers       map[string]string `json:"answers"`
	Score         *int              `json:"score"`
	ScoreMax      int               `json:"score_max,omitempty"` // the highest possible score of an assessment
	Points        map[string]int    `json:"points,omitempty"`    // an assessment's answered items: what each answer is worth
	Severity      string            `json:"severity"`
	Flag          string            `json:"flag"`
	RequestedAt   time.Time         `json:"requested_at"`
	CompletedAt   *time.Time        `json:"completed_at"`
	SignedAt      *time.Time        `json:"signed_at"`
	SignerName    string            `json:"signer_name,omitempty"`
	ContentSHA256 string            `json:"content_sha256,omitempty"`
	SignedContent string            `json:"signed_content,omitempty"` // the exact JSON the SHA-256 is of
	Reviewed      bool              `json:"reviewed"`
	Fields        []model.Field     `json:"fields,omitempty"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func toRequest(r model.DocumentRequest, withFields bool) requestJSON {
	out := requestJSON{ID: r.ID, ClientID: r.ChartID, TemplateID: r.TemplateID, TemplateName: r.TemplateName, Version: r.Version,
		MemberID: r.MemberPersonID, MemberName: r.MemberName, State: string(r.State), Notification: r.MailState, NotifyError: r.MailError,
		Answers: r.Answers, Score: r.Score, Severity: r.Band, Flag: r.Flag, RequestedAt: r.RequestedAt, CompletedAt: timePtr(r.CompletedAt),
		SignedAt: timePtr(r.SignedAt), SignerName: r.SignerName, ContentSHA256: r.ContentSHA256, SignedContent: r.SignedContent, Reviewed: !r.ReviewedAt.IsZero()}
	if out.Notification == "" {
		out.Notification = "none"
	}
	if out.Answers == nil {
		out.Answers = map[string]string{}
	}
	if withFields {
		out.Fields = r.Fields
	}
	if r.Scoring != "" {
		out.ScoreMax, out.Points = model.ScoreMax(r.Scoring), map[string]int{}
		for _, f := range r.Fields {
			if p, ok := model.ItemPoints(r.Scoring, f, r.Answers[f.ID]); ok {
				out.Points[f.ID] = p
			}
		}
	}
	return out
}

func toRequests(rs []model.DocumentRequest) items[requestJSON] {
	out := items[requestJSON]{Items: make([]requestJSON, 0, len(rs))}
	for _, r := range rs {
		out.Items = append(out.Items, toRequest(r, false))
	}
	return out
}

// listChartDocuments lists a chart's document requests.
func (s *Server) listChartDocuments(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	rs, err := s.Documents.ChartDocuments(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRequests(rs))
	return nil
}

type manageRequest struct {
	TemplateIDs *[]string `json:"template_ids"`
	Notify      bool      `json:"notify"`
	MemberIDs   []string  `json:"member_ids"`
}

// manageChartDocuments is the Manage documentation tick list: the templates that should be open.
func (s *Server) manageChartDocuments(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in manageRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.TemplateIDs == nil {
		return model.FieldError("template_ids", "Send the full list of templates that should be open (an empty list withdraws every open request).")
	}
	rs, err := s.Documents.ManageDocuments(r.Context(), p, r.PathValue("id"), documents.ManageInput{TemplateIDs: *in.TemplateIDs,
		Notify: in.Notify, MemberIDs: in.MemberIDs})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRequests(rs))
	return nil
}

// getDocumentRequest returns one request with its questions and answers.
func (s *Server) getDocumentRequest(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	d, err := s.Documents.Request(r.Context(), p, "", r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRequest(d, true))
	return nil
}

// resendDocumentRequest emails an open request's portal users again.
func (s *Server) resendDocumentRequest(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	d, err := s.Documents.ResendRequest(r.Context(), p, "", r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRequest(d, false))
	return nil
}

// reviewDocumentRequest marks a completed document reviewed.
func (s *Server) reviewDocumentRequest(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	d, err := s.Documents.MarkReviewed(r.Context(), p, "", r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRequest(d, false))
	return nil
}

// portalDocJSON is a document as the portal shows it.
type portalDocJSON struct {
	requestJSON
	ChartID      string `json:"chart_id"` // the access id, as in /portal/charts/{id}
	PracticeName string `json:"practice_name"`
	ChartName    string `json:"chart_name"`
	NeedsSign    bool   `json:"needs_signature"`
	PDFURL       string `json:"pdf_url,omitempty"` // once completed or signed (issue 13, item 12)
	Warning      string `json:"warning,omitempty"`
	// Crisis is the practice's crisis text, in the answer to a submission whose answers need a clinician
	// now: show it to the person at once (issue 13, item 11).
	Crisis string `json:"crisis_resources,omitempty"`
}

func toPortalDoc(d documents.PortalDocument, withFields bool) portalDocJSON {
	rj := toRequest(d.DocumentRequest, withFields)
	rj.ClientID, rj.Notification, rj.NotifyError, rj.Reviewed, rj.Flag, rj.Points = "", "", "", false, "", nil // points are for the clinician
	out := portalDocJSON{requestJSON: rj, ChartID: d.AccessID, PracticeName: d.PracticeName, ChartName: d.ChartName, NeedsSign: d.NeedsSignature(),
		Crisis: d.Crisis}
	if d.State.Done() {
		out.PDFURL = "/api/v1/portal/documents/" + d.ID + "/pdf"
	}
	return out
}

// portalDocuments lists the person's documents, waiting and finished; ?status=to_do or completed keeps
// only those.
func (s *Server) portalDocuments(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	status := r.URL.Query().Get("status")
	if status != "" && status != "to_do" && status != "completed" {
		return model.FieldError("status", "Use to_do or completed, or leave status out for both.")
	}
	ds, err := s.Documents.PortalDocuments(r.Context(), pp)
	if err != nil {
		return err
	}
	out := items[portalDocJSON]{Items: make([]portalDocJSON, 0, len(ds))}
	for _, d := range ds {
		if (status == "to_do" && !d.State.Open()) || (status == "completed" && !d.State.Done()) {
			continue
		}
		out.Items = append(out.Items, toPortalDoc(d, false))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// portalDocument returns one document with its questions.
func (s *Server) portalDocument(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	d, err := s.Documents.PortalDocument(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPortalDoc(d, true))
	return nil
}

type answersRequest struct {
	Answers map[string]string `json:"answers"`
}

// portalSaveDocument saves progress.
func (s *Server) portalSaveDocument(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	var in answersRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	d, err := s.Documents.SaveProgress(r.Context(), pp, r.PathValue("id"), in.Answers)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPortalDoc(d, false))
	return nil
}

// portalSubmitDocument finishes a document without a signature.
func (s *Server) portalSubmitDocument(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	var in answersRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	d, err := s.Documents.Submit(r.Context(), pp, r.PathValue("id"), in.Answers)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPortalDoc(d, false))
	return nil
}

type signRequest struct {
	FullName string            `json:"full_name"`
	Confirm  bool              `json:"confirm"`
	Answers  map[string]string `json:"answers"`
}

// portalSignDocument signs a document.
func (s *Server) portalSignDocument(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	var in signRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	res, err := s.Documents.Sign(r.Context(), pp, r.PathValue("id"), in.Answers, in.FullName, in.Confirm)
	if err != nil {
		return err
	}
	out := toPortalDoc(res.PortalDocument, false)
	out.Warning = res.Warning
	writeJSON(w, http.StatusOK, out)
	return nil
}

// documentRequestPDF downloads a completed or signed document as a PDF.
func (s *Server) documentRequestPDF(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pdf, err := s.Documents.RequestPDF(r.Context(), p, "", r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WritePDF(w, pdf.Filename, pdf.Bytes)
	return nil
}

// portalDocumentPDF downloads the person's finished document as a PDF.
func (s *Server) portalDocumentPDF(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	pdf, err := s.Documents.PortalPDF(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WritePDF(w, pdf.Filename, pdf.Bytes)
	return nil
}
