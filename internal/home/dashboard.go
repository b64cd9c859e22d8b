// Package home is the staff start page as a working dashboard (issue 13): what needs a person now, in
// the order it should be dealt with. The web page and GET /api/v1/home both read it.
package home

import (
	"context"
	"fmt"
	"time"

	"tend/internal/clients"
	"tend/internal/documents"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/plans"
	"tend/internal/store"
	"tend/internal/tasks"
)

// Limits of the dashboard's lists.
const (
	ListLimit      = 10             // flagged documents, documents to review, invitations, charts missing links
	SetupsPerPage  = 10             // unfinished setups, paged
	ExpiringWithin = 48 * time.Hour // an open invitation that stops working this soon is "expiring soon"
)

// Service reads the dashboard from the use cases that own each part.
type Service struct {
	Clients   *clients.Service
	Documents *documents.Service
	Notes     *notes.Service // late notes and notes to co-sign; nil leaves them out
	Plans     *plans.Service // treatment plans due for review; nil leaves them out
	Tasks     *tasks.Service // overdue tasks on the person's charts; nil leaves them out
}

// Query is what the dashboard is asked for: the page of unfinished setups (1 or more; 0 means 1).
type Query struct {
	SetupsPage int
}

// Dashboard is everything Home shows, flagged answers first.
type Dashboard struct {
	Reviews      documents.ReviewQueue // flagged documents, then the others to review
	Setups       []model.Client        // clients whose setup is not finished (CL-4), oldest first
	SetupsTotal  int
	SetupsPage   int
	SetupsPages  int
	Missing      []model.Client // charts that lost a member or a guardian after a delete (CT-3)
	MissingTotal int
	Invitations  []model.WaitingInvitation // open invitations, the soonest to expire first
	Invited      store.InvitationCounts
	Now          time.Time
	// LateNotes are the person's own drafts unsigned late_note_days after their date of service; ToCosign
	// the supervisees' signed notes waiting for the person's co-signature (issue 14, item 3). No bodies.
	LateNotes []model.Note
	ToCosign  []model.Note
	// PlansDue are the active treatment plans on the person's own charts whose review date has come
	// (issue 15, item 4), the longest overdue first. Only ids and dates: no title, no content.
	PlansDue []model.TreatmentPlan
	// OverdueTasks are the person's own charts in care with overdue tasks (TK-1), counted per chart in one
	// query, the longest overdue first. Counts only: no title.
	OverdueTasks []store.OverdueTasks
}

// Dashboard reads the principal's dashboard. A page past the last shows the last.
func (s Service) Dashboard(ctx context.Context, p model.Principal, q Query) (Dashboard, error) {
	if q.SetupsPage < 0 {
		return Dashboard{}, model.FieldError("setups_page", "Use a page number of 1 or more.")
	}
	d := Dashboard{SetupsPage: max(q.SetupsPage, 1), Now: s.Clients.Now().UTC()}
	var err error
	if d.Reviews, err = s.Documents.ReviewQueue(ctx, p, ListLimit); err != nil {
		return Dashboard{}, fmt.Errorf("home: %w", err)
	}
	if d.Setups, d.SetupsTotal, err = s.Clients.NeedsAttention(ctx, p, SetupsPerPage, (d.SetupsPage-1)*SetupsPerPage); err != nil {
		return Dashboard{}, fmt.Errorf("home: %w", err)
	}
	d.SetupsPages = max((d.SetupsTotal+SetupsPerPage-1)/SetupsPerPage, 1)
	if d.SetupsPage > d.SetupsPages {
		d.SetupsPage = d.SetupsPages
		if d.Setups, d.SetupsTotal, err = s.Clients.NeedsAttention(ctx, p, SetupsPerPage, (d.SetupsPage-1)*SetupsPerPage); err != nil {
			return Dashboard{}, fmt.Errorf("home: %w", err)
		}
	}
	if d.Missing, d.MissingTotal, err = s.Clients.MissingLinks(ctx, p, ListLimit); err != nil {
		return Dashboard{}, fmt.Errorf("home: %w", err)
	}
	if d.Invitations, d.Invited, err = s.Clients.WaitingInvitations(ctx, p, ExpiringWithin, ListLimit); err != nil {
		return Dashboard{}, fmt.Errorf("home: %w", err)
	}
	if s.Notes != nil {
		if d.LateNotes, err = s.Notes.Late(ctx, p, ListLimit); err != nil {
			return Dashboard{}, fmt.Errorf("home: %w", err)
		}
		if d.ToCosign, err = s.Notes.ToCosign(ctx, p, ListLimit); err != nil {
			return Dashboard{}, fmt.Errorf("home: %w", err)
		}
	}
	if s.Plans != nil {
		if d.PlansDue, err = s.Plans.DueForReview(ctx, p, ListLimit); err != nil {
			return Dashboard{}, fmt.Errorf("home: %w", err)
		}
	}
	if s.Tasks != nil {
		if d.OverdueTasks, err = s.Tasks.Overdue(ctx, p, ListLimit); err != nil {
			return Dashboard{}, fmt.Errorf("home: %w", err)
		}
	}
	return d, nil
}
