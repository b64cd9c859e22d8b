package documents

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// maxTicked bounds one Manage documentation change.
const maxTicked = 50

// ManageInput is the Manage documentation tick list of a chart (DC-2): the templates that should be
// open on it, whether to email the portal users, and on a couple or family chart which members each
// request goes to (each gets their own, private to them and staff, PT-12); none means every member.
type ManageInput struct {
	TemplateIDs []string
	Notify      bool
	MemberIDs   []string // member charts' ids
}

// ChartDocuments lists a chart's requests with their states and notification delivery (DC-4, DC-7), and
// audits the read.
func (s *Service) ChartDocuments(ctx context.Context, p model.Principal, chartID string) ([]model.DocumentRequest, error) {
	if !readsClinical(p) {
		return nil, errNoClinical
	}
	if _, err := s.Charts.VisibleChart(ctx, s.Store.R(), p, chartID, false); err != nil {
		return nil, fmt.Errorf("documents: chart documents: %w", s.Charts.AuditDenied(ctx, p, "chart.documents.view", chartID, err))
	}
	rs, err := store.RequestsOfChart(ctx, s.Store.R(), chartID)
	if err != nil {
		return nil, err
	}
	return rs, s.recordRead(ctx, s.chartEvent(p, "chart.documents.view", chartID))
}

// ScoreHistory returns the latest perSeries finished, scored documents of each assessment and person of
// a chart, oldest first within each, without answers: what a score chart draws (DC-6), in two statements
// whatever the chart's history. Audited like the chart's documents; billing staff get model.ErrNotFound.
func (s *Service) ScoreHistory(ctx context.Context, p model.Principal, chartID string, perSeries int) ([]model.DocumentRequest, error) {
	if !readsClinical(p) {
		return nil, errNoClinical
	}
	if _, err := s.Charts.VisibleChart(ctx, s.Store.R(), p, chartID, false); err != nil {
		return nil, fmt.Errorf("documents: score history: %w", s.Charts.AuditDenied(ctx, p, "chart.documents.view", chartID, err))
	}
	rs, err := store.ScoreHistoryOfChart(ctx, s.Store.R(), chartID, perSeries)
	if err != nil {
		return nil, fmt.Errorf("documents: score history: %w", err)
	}
	return rs, s.recordRead(ctx, s.chartEvent(p, "chart.documents.view", chartID))
}

func (s *Service) chartEvent(p model.Principal, action, chartID string) model.AuditEvent {
	e := s.event(p, action, "chart", chartID)
	e.ChartID = chartID
	return e
}

// ManageDocuments makes the open requests of a chart match the ticked templates (DC-2, DC-3): a ticked
// template without an open request gets a fresh one with the template's current version; an open request
// whose template is unticked is withdrawn; completed ones stay. With Notify, each new request's portal
// users are emailed (without clinical content). All of it is one transaction.
func (s *Service) ManageDocuments(ctx context.Context, p model.Principal, chartID string, in ManageInput) ([]model.DocumentRequest, error) {
	if !readsClinical(p) {
		return nil, errNoClinical
	}
	if len(in.TemplateIDs) > maxTicked {
		return nil, model.FieldError("template_ids", fmt.Sprintf("Tick at most %d templates at once.", maxTicked))
	}
	if err := s.ensureBuiltins(ctx, p.PracticeID); err != nil {
		return nil, err
	}
	var out []model.DocumentRequest
	sent := false
	err := s.Store.Tx(ctx, func(q store.Q) error {
		c, err := s.Charts.VisibleChart(ctx, q, p, chartID, true)
		if err != nil {
			return err
		}
		if c.State != model.StateActive {
			return &model.ValidationError{Message: "Documents go only to clients in care. Reactivate or restore the chart first."}
		}
		if err := store.LockChartRequests(ctx, q, c.ID); err != nil {
			return err
		}
		existing, err := store.RequestsOfChart(ctx, q, c.ID)
		if err != nil {
			return err
		}
		templates := map[string]model.Template{}
		for _, tid := range in.TemplateIDs {
			var t model.Template
			if id.Valid(tid) {
				if t, err = store.TemplateByID(ctx, q, p.PracticeID, tid); err != nil && !isNotFound(err) {
					return err
				}
			}
			// An archived template stays ticked where it is still open; it cannot be sent afresh.
			stillOpen := slices.ContainsFunc(existing, func(r model.DocumentRequest) bool { return r.State.Open() && r.TemplateID == tid })
			if t.ID == "" || !t.Kind.ForClients() || (t.Archived() && !stillOpen) {
				return model.FieldError("template_ids", "Choose templates from your practice's library.")
			}
			templates[tid] = t
		}
		targets, err := s.targets(ctx, q, c, in.MemberIDs)
		if err != nil {
			return err
		}
		now := s.now()
		created, withdrawn := 0, 0
		for _, r := range existing {
			if r.State.Open() && slices.Contains(targets, r.MemberPersonID) && templates[r.TemplateID].ID == "" {
				r.State, r.WithdrawnAt, r.UpdatedAt = model.RequestWithdrawn, now, now
				if err := store.UpdateRequest(ctx, q, r); err != nil {
					return err
				}
				withdrawn++
			}
		}
		var fresh []model.DocumentRequest
		for _, target := range targets {
			for _, tid := range in.TemplateIDs {
				open := slices.ContainsFunc(existing, func(r model.DocumentRequest) bool {
					return r.State.Open() && r.TemplateID == tid && r.MemberPersonID == target
				})
				if open || slices.ContainsFunc(fresh, func(r model.DocumentRequest) bool { return r.TemplateID == tid && r.MemberPersonID == target }) {
					continue
				}
				t := templates[tid]
				if t.Archived() {
					continue
				}
				r := newRequest(p, c, t, target, now)
				if err := store.InsertRequest(ctx, q, r); err != nil {
					return err
				}
				fresh = append(fresh, r)
				created++
			}
		}
		if in.Notify && len(fresh) > 0 {
			if sent, err = s.notify(ctx, q, c, fresh, now); err != nil {
				return err
			}
		}
		if out, err = store.RequestsOfChart(ctx, q, c.ID); err != nil {
			return err
		}
		e := s.chartEvent(p, "chart.documents.update", c.ID)
		e.Detail = fmt.Sprintf("requested=%d withdrawn=%d notified=%t", created, withdrawn, sent)
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return nil, fmt.Errorf("documents: manage: %w", s.Charts.AuditDenied(ctx, p, "chart.documents.update", chartID, err))
	}
	return out, nil
}

// targets are who requests on chart c go to: "" (the chart) for an individual or minor chart; on a group
// chart each chosen member's person, or every member when none is chosen (PT-12).
func (s *Service) targets(ctx context.Context, q store.Q, c model.Client, memberIDs []string) ([]string, error) {
	if !c.IsGroup() {
		if len(memberIDs) > 0 {
			return nil, model.FieldError("member_ids", "Only a couple or family chart has members to send documents to.")
		}
		return []string{""}, nil
	}
	members, err := store.MembersOf(ctx, q, c.ID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range members {
		if len(memberIDs) == 0 || slices.Contains(memberIDs, m.Client.ID) {
			out = append(out, m.Client.PersonID)
		}
	}
	if len(out) == 0 || (len(memberIDs) > 0 && len(out) != len(memberIDs)) {
		return nil, model.FieldError("member_ids", "Choose members of this couple or family chart.")
	}
	return out, nil
}

// notify emails the portal users who may complete documents on the chart that something waits for them,
// and records the message on the requests it is about (DC-7). Reports whether any mail was queued.
func (s *Service) notify(ctx context.Context, q store.Q, c model.Client, rs []model.DocumentRequest, now time.Time) (bool, error) {
	if s.Mail == nil {
		return false, nil
	}
	pr, err := store.PracticeByID(ctx, q, c.PracticeID)
	if err != nil {
		return false, err
	}
	access, err := store.PortalAccessOfChart(ctx, q, c.ID)
	if err != nil {
		return false, err
	}
	sentTo := map[string]string{} // access id -> mail id
	any := false
	for i := range rs {
		r := &rs[i]
		for _, a := range access {
			if !authz.PortalCan(authz.PortalUser{Role: a.Role, Permissions: a.Permissions, Open: a.State == model.AccessActive}, authz.View, authz.DocumentRequests) ||
				(r.MemberPersonID != "" && a.PersonID != r.MemberPersonID) {
				continue
			}
			mailID, ok := sentTo[a.ID]
			if !ok {
				d, err := waitingMail(pr, a.Email, s.BaseURL)
				if err != nil {
					return false, err
				}
				if mailID, err = s.Mail.Queue(ctx, q, d); err != nil {
					return false, err
				}
				sentTo[a.ID], any = mailID, true
			}
			if r.MailID == "" {
				r.MailID, r.UpdatedAt = mailID, now
				if err := store.UpdateRequest(ctx, q, *r); err != nil {
					return false, err
				}
			}
		}
	}
	return any, nil
}

// waitingMail says a document waits in the portal; it names the practice, never the document or client.
func waitingMail(pr model.Practice, to, baseURL string) (outbox.Draft, error) {
	subject, text, body, err := mail.Render(mail.DocumentWaiting, map[string]any{"Practice": pr.Name, "Link": baseURL + "/portal/login"})
	return outbox.Draft{PracticeID: pr.ID, To: to, Subject: subject, Text: text, HTML: body}, err
}

func isNotFound(err error) bool { return errors.Is(err, model.ErrNotFound) }

// loadRequest returns a request of a chart the principal may see (or change), or model.ErrNotFound.
// loadRequest reads a request the person may see (or change), on chart chartID when that is given: a
// request addressed through another chart's path answers like a missing one.
func (s *Service) loadRequest(ctx context.Context, q store.Q, p model.Principal, chartID, requestID string, change bool) (model.DocumentRequest, error) {
	if !readsClinical(p) {
		return model.DocumentRequest{}, errNoClinical
	}
	if !id.Valid(requestID) {
		return model.DocumentRequest{}, fmt.Errorf("documents: malformed request id: %w", model.ErrNotFound)
	}
	if change {
		if err := store.LockRequest(ctx, q, requestID); err != nil {
			return model.DocumentRequest{}, err
		}
	}
	r, err := store.RequestByID(ctx, q, p.PracticeID, requestID)
	if err != nil {
		return r, err
	}
	if chartID != "" && r.ChartID != chartID {
		return model.DocumentRequest{}, fmt.Errorf("documents: request %s is on another chart: %w", requestID, model.ErrNotFound)
	}
	if _, err := s.Charts.VisibleChart(ctx, q, p, r.ChartID, change); err != nil {
		return model.DocumentRequest{}, err
	}
	return r, nil
}

// Request returns one request with its answers, score and severity, and audits the read. chartID, when
// given, is the chart the request must be on; "" accepts any (the API names a request by id alone).
func (s *Service) Request(ctx context.Context, p model.Principal, chartID, requestID string) (model.DocumentRequest, error) {
	r, err := s.loadRequest(ctx, s.Store.R(), p, chartID, requestID, false)
	if err != nil {
		return r, fmt.Errorf("documents: request: %w", s.Charts.AuditDenied(ctx, p, "chart.document.view", "", err))
	}
	e := s.chartEvent(p, "chart.document.view", r.ChartID)
	e.RecordType, e.RecordID = "document_request", r.ID
	return r, s.recordRead(ctx, e)
}

// ResendRequest emails an open request's portal users again (DC-3), and records the new message; chartID
// as for Request.
func (s *Service) ResendRequest(ctx context.Context, p model.Principal, chartID, requestID string) (model.DocumentRequest, error) {
	var out model.DocumentRequest
	sent := false
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, err := s.loadRequest(ctx, q, p, chartID, requestID, true)
		if err != nil {
			return err
		}
		if !r.State.Open() {
			return &model.ValidationError{Message: "Only a request that is still waiting can be sent again. To ask again, tick the template once more."}
		}
		c, err := s.Charts.VisibleChart(ctx, q, p, r.ChartID, true)
		if err != nil {
			return err
		}
		if c.State != model.StateActive {
			return &model.ValidationError{Message: "Documents go only to clients in care. Reactivate or restore the chart first."}
		}
		r.MailID = ""
		rs := []model.DocumentRequest{r}
		if sent, err = s.notify(ctx, q, c, rs, s.now()); err != nil {
			return err
		}
		if !sent {
			return &model.ValidationError{Message: "Nobody can receive it yet: invite the client (or a contact) to the portal with the documents feature first."}
		}
		if out, err = store.RequestByID(ctx, q, p.PracticeID, r.ID); err != nil {
			return err
		}
		e := s.chartEvent(p, "chart.document.resend", r.ChartID)
		e.RecordType, e.RecordID = "document_request", r.ID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.DocumentRequest{}, fmt.Errorf("documents: resend: %w", s.Charts.AuditDenied(ctx, p, "chart.document.resend", "", err))
	}
	return out, nil
}

// MarkReviewed records that staff read a completed document; it leaves Needs attention. chartID as for
// Request.
func (s *Service) MarkReviewed(ctx context.Context, p model.Principal, chartID, requestID string) (model.DocumentRequest, error) {
	var out model.DocumentRequest
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, err := s.loadRequest(ctx, q, p, chartID, requestID, true)
		if err != nil {
			return err
		}
		if !r.State.Done() {
			return &model.ValidationError{Message: "Only a completed or signed document can be marked reviewed."}
		}
		if r.ReviewedAt.IsZero() {
			r.ReviewedAt, r.ReviewedBy, r.UpdatedAt = s.now(), p.StaffID, s.now()
			if err := store.UpdateRequest(ctx, q, r); err != nil {
				return err
			}
		}
		out = r
		e := s.chartEvent(p, "chart.document.review", r.ChartID)
		e.RecordType, e.RecordID = "document_request", r.ID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.DocumentRequest{}, fmt.Errorf("documents: review: %w", s.Charts.AuditDenied(ctx, p, "chart.document.review", "", err))
	}
	return out, nil
}

// Review is a finished document waiting for staff to read it, with its chart's name.
type Review struct {
	model.DocumentRequest
	ChartName string
}

// ToReview lists completed or signed documents nobody has marked reviewed, on charts the principal may
// see, flagged answers first (Needs attention). Each chart shown is audited.
func (s *Service) ToReview(ctx context.Context, p model.Principal, limit int) ([]Review, error) {
	if !readsClinical(p) {
		return nil, nil
	}
	v, err := s.Charts.VisibilityOf(ctx, s.Store.R(), p)
	if err != nil {
		return nil, err
	}
	rs, err := store.UnreviewedRequests(ctx, s.Store.R(), p.PracticeID, v, limit)
	if err != nil {
		return nil, err
	}
	var out []Review
	seen := map[string]bool{}
	for _, r := range rs {
		c, err := s.Charts.VisibleChart(ctx, s.Store.R(), p, r.ChartID, false)
		if err != nil {
			return nil, err
		}
		out = append(out, Review{DocumentRequest: r, ChartName: c.Name()})
		if !seen[r.ChartID] {
			seen[r.ChartID] = true
			if err := s.recordRead(ctx, s.chartEvent(p, "chart.documents.to_review", r.ChartID)); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
