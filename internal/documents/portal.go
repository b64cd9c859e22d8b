package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
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
	Loc          model.Locale // the practice's time zone and date format, for dates shown to the person
	ChartName    string
	// Crisis is set only in the answer to a submission whose answers need a clinician now: the practice's
	// crisis text, shown to the person at once (issue 13, item 11).
	Crisis string
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
			out = append(out, PortalDocument{DocumentRequest: r, AccessID: a.ID, PracticeName: a.PracticeName, Loc: a.Loc,
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

// Submit finishes a document that needs no signature (DC-4: completed): the answers saved as progress,
// with those sent now over them, must answer every required question; an assessment is scored, and a
// flagged one alerts a clinician. Afterwards the answers cannot change.
func (s *Service) Submit(ctx context.Context, pp model.PortalPrincipal, requestID string, answers map[string]string) (PortalDocument, error) {
	return s.changeDoc(ctx, pp, requestID, "portal.document.submit", func(q store.Q, d *PortalDocument, now time.Time) error {
		if d.NeedsSignature() {
			return &model.ValidationError{Message: "This document is finished by signing it. Type your full name and choose Sign."}
		}
		return s.finish(ctx, q, d, withSaved(d.Fields, d.Answers, answers), now, pp)
	})
}

// withSaved is what finishing a document checks (issue 13, item 17): the answers saved as progress to
// the questions shown, with those sent now over them; a question sent empty is cleared. The portal's form
// sends every question; an API client may send only what it has not saved.
func withSaved(fields []model.Field, saved, sent map[string]string) map[string]string {
	out := map[string]string{}
	for _, f := range fields {
		if v, ok := saved[f.ID]; ok && f.Asks() {
			out[f.ID] = v
		}
	}
	for k, v := range sent {
		out[k] = v
	}
	return out
}

// finish checks and stores the final answers, with the score of an assessment. Answers that need a
// clinician now (a PHQ-9's item 9 above "Not at all") alert one at once, and the person is given the
// practice's crisis text.
func (s *Service) finish(ctx context.Context, q store.Q, d *PortalDocument, answers map[string]string, now time.Time, pp model.PortalPrincipal) error {
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
	if d.Flag == "" {
		return nil
	}
	pr, err := store.PracticeByID(ctx, q, d.PracticeID)
	if err != nil {
		return err
	}
	d.Crisis = pr.CrisisResources()
	return s.alertFlagged(ctx, q, d.DocumentRequest, now)
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
		all := withSaved(d.Fields, d.Answers, answers)
		for _, f := range d.Fields {
			if f.Kind == model.FieldSignature {
				all[f.ID] = fullName
			}
		}
		if err := s.finish(ctx, q, d, all, now, pp); err != nil {
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

// ChartDocs are the documents of one chart as its portal home shows them (PT-9): those waiting for the
// person, and those finished, which stay reachable to read and download (issue 13, item 12).
type ChartDocs struct {
	ToDo []PortalDocument // the latest request first
	Done []PortalDocument // completed or signed, the latest finished first
}

// FinishedAt is when a finished document was signed, or else completed; the zero time while open.
func (d PortalDocument) FinishedAt() time.Time {
	if !d.SignedAt.IsZero() {
		return d.SignedAt
	}
	return d.CompletedAt
}

// PortalChartDocuments lists the documents of one of the person's charts, waiting and finished; accessID ""
// lists every chart's, for the portal home. The page that shows them is audited by its caller.
func (s *Service) PortalChartDocuments(ctx context.Context, pp model.PortalPrincipal, accessID string) (ChartDocs, error) {
	docs, err := s.reachable(ctx, s.Store.R(), pp)
	if err != nil {
		return ChartDocs{}, fmt.Errorf("documents: chart documents: %w", err)
	}
	var out ChartDocs
	for _, d := range docs {
		switch {
		case accessID != "" && d.AccessID != accessID:
		case d.State.Open():
			out.ToDo = append(out.ToDo, d)
		case d.State.Done():
			out.Done = append(out.Done, d)
		}
	}
	slices.SortStableFunc(out.Done, func(a, b PortalDocument) int { return b.FinishedAt().Compare(a.FinishedAt()) })
	return out, nil
}
