package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// PortalDocument is a request as a portal user sees it, with where it comes from.
type PortalDocument struct {
	model.DocumentRequest
	AccessID     string
	PracticeName string
	PracticeTZ   string // for dates shown to the person
	ChartName    string
}

// reachable lists the person's requests: on charts they have active access to with the documents
// permission (PT-7), on a group chart only the whole chart's and their own (PT-12), never withdrawn ones.
func (s *Service) reachable(ctx context.Context, q store.Q, pp model.PortalPrincipal) ([]PortalDocument, error) {
	access, err := store.ActiveAccessOfAccount(ctx, q, pp.AccountID)
	if err != nil {
		return nil, err
	}
	var out []PortalDocument
	settings := map[string]map[string]bool{} // by practice
	practices := map[string]model.Practice{}
	intake := newOnFile()
	for _, a := range access {
		if !authz.PortalCan(authz.PortalUser{Role: a.Role, Permissions: a.Permissions, Open: true}, authz.View, authz.DocumentRequests) {
			continue
		}
		if settings[a.PracticeID] == nil {
			pr, err := store.PracticeByID(ctx, q, a.PracticeID)
			if err != nil {
				return nil, err
			}
			settings[a.PracticeID], practices[a.PracticeID] = FieldSettings(pr), pr
		}
		rs, err := store.RequestsOfChart(ctx, q, a.ChartID)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if r.State == model.RequestWithdrawn || (r.MemberPersonID != "" && r.MemberPersonID != a.PersonID) {
				continue
			}
			// The client sees, answers and signs only the fields the practice's settings show (CL-6).
			r.Fields = visibleFields(r.Fields, settings[a.PracticeID])
			// The intake leaves out, or asks to confirm, what the chart already holds (issue 13, item 10).
			if err := intake.shape(ctx, q, practices[a.PracticeID], &r); err != nil {
				return nil, err
			}
			out = append(out, PortalDocument{DocumentRequest: r, AccessID: a.ID, PracticeName: a.PracticeName, PracticeTZ: a.PracticeTZ,
				ChartName: a.ChartName})
		}
	}
	return out, nil
}

// PortalDocuments lists the documents waiting for the person and those they finished (PT-9's "to do now").
func (s *Service) PortalDocuments(ctx context.Context, pp model.PortalPrincipal) ([]PortalDocument, error) {
	docs, err := s.reachable(ctx, s.Store.R(), pp)
	if err != nil {
		return nil, fmt.Errorf("documents: portal list: %w", err)
	}
	return docs, s.recordRead(ctx, portalEvent(s.now(), "", pp, "portal.documents.view", "portal_account", pp.AccountID))
}

// PortalDocument returns one document the person may open, and audits the view in its practice; any
// other id is model.ErrNotFound.
func (s *Service) PortalDocument(ctx context.Context, pp model.PortalPrincipal, requestID string) (PortalDocument, error) {
	d, err := s.portalDoc(ctx, s.Store.R(), pp, requestID)
	if err != nil {
		return d, err
	}
	e := portalEvent(s.now(), d.PracticeID, pp, "portal.document.view", "document_request", d.ID)
	e.ChartID = d.ChartID
	return d, s.recordRead(ctx, e)
}

func (s *Service) portalDoc(ctx context.Context, q store.Q, pp model.PortalPrincipal, requestID string) (PortalDocument, error) {
	if !id.Valid(requestID) {
		return PortalDocument{}, fmt.Errorf("documents: malformed request id: %w", model.ErrNotFound)
	}
	docs, err := s.reachable(ctx, q, pp)
	if err != nil {
		return PortalDocument{}, err
	}
	for _, d := range docs {
		if d.ID == requestID {
			return d, nil
		}
	}
	return PortalDocument{}, fmt.Errorf("documents: request %s is not this person's: %w", requestID, model.ErrNotFound)
}

func portalEvent(at time.Time, practiceID string, pp model.PortalPrincipal, action, recordType, recordID string) model.AuditEvent {
	return model.AuditEvent{PracticeID: practiceID, At: at, ActorType: model.ActorPortal, ActorID: pp.AccountID, ActorRole: "portal",
		Action: action, RecordType: recordType, RecordID: recordID, IP: pp.IP, Outcome: model.OutcomeSuccess}
}

// FieldSettings are the practice settings that show or hide template fields ("only").
func FieldSettings(pr model.Practice) map[string]bool {
	return map[string]bool{"legal_sex": pr.IntakeAsksLegalSex}
}

// visibleFields are the fields the client is shown: those limited to a practice setting only when it is on.
func visibleFields(fields []model.Field, settings map[string]bool) []model.Field {
	var out []model.Field
	for _, f := range fields {
		if f.Only == "" || settings[f.Only] {
			out = append(out, f)
		}
	}
	return out
}

// checkAnswers cleans answers against the fields shown; unknown keys, answers that do not fit and, when
// final, missing required answers are problems keyed by field id.
func checkAnswers(fields []model.Field, answers map[string]string, final bool) (map[string]string, model.Problems) {
	p := model.Problems{}
	size := 0
	for k, v := range answers {
		size += len(k) + len(v)
	}
	if size > model.MaxAnswersBytes {
		p.Add("answers", "These answers are too long to save. Shorten the longest ones.")
		return nil, p
	}
	byID := map[string]model.Field{}
	for _, f := range fields {
		byID[f.ID] = f
	}
	out := map[string]string{}
	for k, v := range answers {
		f, ok := byID[k]
		if !ok || !f.Asks() {
			p.Add("answers", fmt.Sprintf("%q is not a question of this form.", k))
			continue
		}
		clean, msg := f.CheckAnswer(v)
		if msg != "" {
			p.Add(k, msg)
			continue
		}
		if clean != "" {
			out[k] = clean
		}
	}
	if final {
		for _, f := range fields {
			if f.Required && f.Asks() && f.Kind != model.FieldSignature && out[f.ID] == "" && p[f.ID] == "" {
				p.Add(f.ID, "Answer this question; it is required.")
			}
		}
	}
	return out, p
}

// SaveProgress stores answers of an open document (DC-4: in progress). Answers that do not fit their
// question are refused with a message per question and nothing is saved.
func (s *Service) SaveProgress(ctx context.Context, pp model.PortalPrincipal, requestID string, answers map[string]string) (PortalDocument, error) {
	return s.changeDoc(ctx, pp, requestID, "portal.document.save", func(q store.Q, d *PortalDocument, now time.Time) error {
		clean, problems := checkAnswers(d.Fields, answers, false)
		if err := problems.Err(); err != nil {
			return err
		}
		d.Answers, d.State = clean, model.RequestInProgress
		if d.StartedAt.IsZero() {
			d.StartedAt = now
		}
		return nil
	})
}

// Submit finishes a document that needs no signature (DC-4: completed): every required question must be
// answered; an assessment is scored. Afterwards the answers cannot change.
func (s *Service) Submit(ctx context.Context, pp model.PortalPrincipal, requestID string, answers map[string]string) (PortalDocument, error) {
	return s.changeDoc(ctx, pp, requestID, "portal.document.submit", func(q store.Q, d *PortalDocument, now time.Time) error {
		if d.NeedsSignature() {
			return &model.ValidationError{Message: "This document is finished by signing it. Type your full name and choose Sign."}
		}
		return s.finish(d, answers, now, pp)
	})
}

// finish checks and stores the final answers, with the score of an assessment.
func (s *Service) finish(d *PortalDocument, answers map[string]string, now time.Time, pp model.PortalPrincipal) error {
	clean, problems := checkAnswers(d.Fields, answers, true)
	if err := problems.Err(); err != nil {
		return err
	}
	d.Answers, d.State, d.CompletedAt, d.CompletedBy = clean, model.RequestCompleted, now, pp.AccountID
	if d.StartedAt.IsZero() {
		d.StartedAt = now
	}
	if d.Scoring != "" {
		if sev, ok := model.Score(d.Scoring, d.Fields, clean); ok {
			d.Score, d.Band, d.Flag = &sev.Score, sev.Band, sev.Flag
		}
	}
	return nil
}

// SignResult is a signed document, with a warning when the typed name differs from the account's.
type SignResult struct {
	PortalDocument
	Warning string
}

// Sign finishes a document with an e-signature (DC-5): the typed full name and an explicit confirmation;
// the time, IP, account and the SHA-256 of the exact content signed are stored. A name that differs from
// the account holder's is accepted with a warning.
func (s *Service) Sign(ctx context.Context, pp model.PortalPrincipal, requestID string, answers map[string]string, fullName string, confirmed bool) (SignResult, error) {
	fullName = strings.Join(strings.Fields(fullName), " ")
	problems := model.Problems{}
	switch {
	case fullName == "":
		problems.Add("full_name", "Type your full name to sign.")
	case len(fullName) > model.MaxTextAnswer:
		problems.Add("full_name", "That is longer than any name; type your full name.")
	}
	if !confirmed {
		problems.Add("confirm", "Confirm that typing your name signs this document.")
	}
	var res SignResult
	d, err := s.changeDoc(ctx, pp, requestID, "portal.document.sign", func(q store.Q, d *PortalDocument, now time.Time) error {
		// Checked once the document is reached, so a document the person may not reach answers not found
		// whatever the form holds (issue 11, item 1).
		if err := problems.Err(); err != nil {
			return err
		}
		if !d.NeedsSignature() {
			return &model.ValidationError{Message: "This document has no signature. Submit it instead."}
		}
		all := map[string]string{}
		for k, v := range answers {
			all[k] = v
		}
		for _, f := range d.Fields {
			if f.Kind == model.FieldSignature {
				all[f.ID] = fullName
			}
		}
		if err := s.finish(d, all, now, pp); err != nil {
			return err
		}
		// Stored times have millisecond precision; the hashed one must be the stored one.
		d.State, d.SignedAt, d.SignerName, d.SignerIP, d.SignerAccount = model.RequestSigned, now.Truncate(time.Millisecond), fullName, pp.IP, pp.AccountID
		d.SignedContent = SignedContent(d.DocumentRequest)
		d.ContentSHA256 = ContentHash(d.SignedContent)
		return nil
	})
	if err != nil {
		return SignResult{}, err
	}
	res.PortalDocument = d
	if !strings.EqualFold(model.Fold(fullName), model.Fold(pp.Name)) {
		res.Warning = "The name you typed differs from the name on your account (" + pp.Name + "). The document is signed with the name you typed."
	}
	return res, nil
}

// ContentHash is the SHA-256 of the signed content, in hex.
func ContentHash(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}

// SignedContent is exactly what is signed, as canonical JSON: the template and version, every field as
// the client saw it, the answers, the signer's name and the time. It is stored with the signature, so
// its SHA-256 can be checked again whatever happens to the template later.
func SignedContent(r model.DocumentRequest) string {
	b, _ := json.Marshal(struct {
		Template string            `json:"template"`
		Name     string            `json:"name"`
		Version  int               `json:"version"`
		Fields   []model.Field     `json:"fields"`
		Answers  map[string]string `json:"answers"`
		Signer   string            `json:"signer"`
		SignedAt string            `json:"signed_at"`
	}{r.TemplateID, r.TemplateName, r.Version, r.Fields, r.Answers, r.SignerName, r.SignedAt.UTC().Format(time.RFC3339Nano)})
	return string(b)
}

// changeDoc loads an open document of the person, lets fn change it and stores it with an audit event, in
// one transaction. A finished document is read-only for everyone (DC-4).
func (s *Service) changeDoc(ctx context.Context, pp model.PortalPrincipal, requestID, action string,
	fn func(q store.Q, d *PortalDocument, now time.Time) error) (PortalDocument, error) {
	var out PortalDocument
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if id.Valid(requestID) {
			if err := store.LockRequest(ctx, q, requestID); err != nil {
				return err
			}
		}
		d, err := s.portalDoc(ctx, q, pp, requestID)
		if err != nil {
			return err
		}
		if !d.State.Open() {
			return &model.ValidationError{Message: "This document is already finished and cannot change. If something needs correcting, tell your practice."}
		}
		now := s.now()
		if err := fn(q, &d, now); err != nil {
			return err
		}
		d.UpdatedAt = now
		if err := store.UpdateRequest(ctx, q, d.DocumentRequest); err != nil {
			return err
		}
		out = d
		e := portalEvent(now, d.PracticeID, pp, action, "document_request", d.ID)
		e.ChartID = d.ChartID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return PortalDocument{}, fmt.Errorf("documents: %s: %w", action, err)
	}
	return out, nil
}

// ToDo lists the documents waiting for the person on one chart (PT-9's "to do now"); the chart view
// that shows them is audited by its caller.
func (s *Service) ToDo(ctx context.Context, pp model.PortalPrincipal, accessID string) ([]PortalDocument, error) {
	docs, err := s.reachable(ctx, s.Store.R(), pp)
	if err != nil {
		return nil, fmt.Errorf("documents: to do: %w", err)
	}
	var out []PortalDocument
	for _, d := range docs {
		if d.AccessID == accessID && d.State.Open() {
			out = append(out, d)
		}
	}
	return out, nil
}
