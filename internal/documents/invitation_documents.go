package documents

import (
	"context"
	"fmt"
	"slices"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// RequestWithInvitation requests templates on chart c inside the transaction of a portal invitation that
// sends them (PT-2): the invitation's email says forms wait, so no notification of its own goes out.
// memberPersonID is the member of a couple or family chart they are for ("" for the chart). A template
// already open for the same person is left as it is. The chart's changeability was checked by the
// caller; only staff who see documents may send them.
func (s *Service) RequestWithInvitation(ctx context.Context, q store.Q, p model.Principal, c model.Client, memberPersonID string, templateIDs []string) error {
	if !readsClinical(p) {
		return model.FieldError("template_ids", "Only staff who see clients' documents can send them. Send the invitation without documents.")
	}
	if len(templateIDs) > maxTicked {
		return model.FieldError("template_ids", fmt.Sprintf("Tick at most %d templates at once.", maxTicked))
	}
	if err := store.LockChartRequests(ctx, q, c.ID); err != nil {
		return err
	}
	existing, err := store.RequestsOfChart(ctx, q, c.ID)
	if err != nil {
		return err
	}
	now := s.now()
	created := 0
	for _, tid := range templateIDs {
		var t model.Template
		if id.Valid(tid) {
			if t, err = store.TemplateByID(ctx, q, p.PracticeID, tid); err != nil && !isNotFound(err) {
				return err
			}
		}
		if t.ID == "" || t.Archived() || !t.Kind.ForClients() {
			return model.FieldError("template_ids", "Choose documents from your practice's library.")
		}
		open := slices.ContainsFunc(existing, func(r model.DocumentRequest) bool {
			return r.State.Open() && r.TemplateID == t.ID && r.MemberPersonID == memberPersonID
		})
		if open {
			continue
		}
		r := newRequest(p, c, t, memberPersonID, now)
		if err := store.InsertRequest(ctx, q, r); err != nil {
			return err
		}
		existing = append(existing, r)
		created++
	}
	e := s.chartEvent(p, "chart.documents.update", c.ID)
	e.Detail = fmt.Sprintf("requested=%d withdrawn=0 notified=invitation", created)
	return s.Audit.Append(ctx, q, e)
}

// newRequest is a fresh request of template t's current version on chart c.
func newRequest(p model.Principal, c model.Client, t model.Template, memberPersonID string, now time.Time) model.DocumentRequest {
	return model.DocumentRequest{ID: id.New(), PracticeID: p.PracticeID, ChartID: c.ID, TemplateID: t.ID, Version: t.Version,
		TemplateName: t.Name, Kind: t.Kind, Scoring: t.Scoring, UsesLegalName: t.UsesLegalName,
		MemberPersonID: memberPersonID, State: model.RequestRequested, RequestedBy: p.StaffID, RequestedAt: now}
}
