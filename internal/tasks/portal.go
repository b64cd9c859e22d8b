package tasks

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// The portal side of tasks (TK-1, PT-7, PT-12): a portal user with the tasks permission sees the chart's
// tasks that are not private to-dos; on a couple or family chart only those for the whole chart and
// their own, never another member's. A task for all members is one task: whichever member marks it
// done completes it for everyone, with their reply (a shared chore is done once). Anything else answers
// model.ErrNotFound, like a missing record.

// Portal list limits: every open task up to PortalOpenLimit, and the latest PortalDoneLimit done.
const (
	PortalOpenLimit = 100
	PortalDoneLimit = 20
)

// PortalList is a chart's tasks as its portal user sees them.
type PortalList struct {
	Access store.AccountAccess
	Open   []View // newest first
	Done   []View // the latest done first
	Today  string
}

// PortalTask is one task as its portal user sees it.
type PortalTask struct {
	Access store.AccountAccess
	Task   View
	// DocumentURL is the portal address of the document that goes with the task, when the person may
	// open documents; "" otherwise.
	DocumentURL string
	// FileURL downloads the file that goes with the task, when the person may see the chart's files;
	// "" otherwise.
	FileURL string
	Today   string
}

// portalUser is what the portal policy needs of an access: open only to its own account, while active,
// on a chart in care.
func portalUser(pp model.PortalPrincipal, a store.AccountAccess) authz.PortalUser {
	return authz.PortalUser{Role: a.Role, Permissions: a.Permissions,
		Open: a.AccountID == pp.AccountID && a.State == model.AccessActive && a.RecordState == model.StateActive}
}

// SeesTasks reports whether the portal user of access a may read the chart's tasks (PT-7).
func SeesTasks(pp model.PortalPrincipal, a store.AccountAccess) bool {
	return authz.PortalCan(portalUser(pp, a), authz.View, authz.Tasks)
}

// portalAccess returns the person's access accessID when the policy lets them do act on its tasks.
func portalAccess(ctx context.Context, q store.Q, pp model.PortalPrincipal, accessID string, act authz.Action) (store.AccountAccess, error) {
	if !id.Valid(accessID) {
		return store.AccountAccess{}, fmt.Errorf("tasks: malformed access id: %w", model.ErrNotFound)
	}
	a, err := store.AccessOfAccountByID(ctx, q, accessID)
	if err != nil {
		return a, fmt.Errorf("tasks: portal: %w", err)
	}
	if err := authz.PortalDecide(portalUser(pp, a), act, authz.Tasks); err != nil {
		return store.AccountAccess{}, fmt.Errorf("tasks: access %s: %w", accessID, err)
	}
	return a, nil
}

// portalFilter keeps what the access's person may see (PT-12).
func portalFilter(a store.AccountAccess, status, today string) store.TaskFilter {
	return store.TaskFilter{Status: status, Today: today, Portal: true, PersonID: a.PersonID}
}

// PortalGlance lists the chart's open and recently done tasks for the person, without an audit event:
// the chart's portal home (audited itself) shows the open ones under "To do now".
func (s *Service) PortalGlance(ctx context.Context, pp model.PortalPrincipal, accessID string) (PortalList, error) {
	q := s.Store.R()
	a, err := portalAccess(ctx, q, pp, accessID, authz.View)
	if err != nil {
		return PortalList{}, err
	}
	today := a.Loc.In(s.Now()).Format("2006-01-02")
	open, err := store.TasksOf(ctx, q, a.ChartID, portalFilter(a, "open", today), store.PageKey{}, PortalOpenLimit)
	if err != nil {
		return PortalList{}, fmt.Errorf("tasks: portal list: %w", err)
	}
	done, err := store.TasksOf(ctx, q, a.ChartID, portalFilter(a, "done", today), store.PageKey{}, PortalDoneLimit)
	if err != nil {
		return PortalList{}, fmt.Errorf("tasks: portal list: %w", err)
	}
	out := PortalList{Access: a, Open: []View{}, Done: []View{}, Today: today}
	for _, t := range open {
		out.Open = append(out.Open, s.view(t, today, nil))
	}
	for _, t := range done {
		out.Done = append(out.Done, s.view(t, today, nil))
	}
	return out, nil
}

// PortalList is PortalGlance, audited in the chart's practice (it shows in "who opened my record" as the
// person's own read).
func (s *Service) PortalList(ctx context.Context, pp model.PortalPrincipal, accessID string) (PortalList, error) {
	l, err := s.PortalGlance(ctx, pp, accessID)
	if err != nil {
		return PortalList{}, err
	}
	return l, s.recordRead(ctx, s.portalEvent(pp, l.Access, "portal.tasks.view", "portal_access", l.Access.ID))
}

// portalTask reads a task the person may see on the access's chart; anything else is model.ErrNotFound.
func portalTask(ctx context.Context, q store.Q, a store.AccountAccess, taskID string) (model.Task, error) {
	t, err := load(ctx, q, model.Client{ID: a.ChartID, PracticeID: a.PracticeID}, taskID)
	if err != nil {
		return t, fmt.Errorf("tasks: portal: %w", err)
	}
	if t.Private || (t.PersonID != "" && t.PersonID != a.PersonID) {
		return model.Task{}, fmt.Errorf("tasks: task %s is not this person's: %w", t.ID, model.ErrNotFound)
	}
	return t, nil
}

func (s *Service) portalTask(a store.AccountAccess, pp model.PortalPrincipal, t model.Task, today string) PortalTask {
	out := PortalTask{Access: a, Task: s.view(t, today, nil), Today: today}
	if t.DocumentRequestID != "" && authz.PortalCan(portalUser(pp, a), authz.View, authz.DocumentRequests) {
		out.DocumentURL = "/portal/d/" + t.DocumentRequestID
	}
	if t.FileID != "" && authz.PortalCan(portalUser(pp, a), authz.View, authz.Files) {
		out.FileURL = "/portal/c/" + a.ID + "/files/" + t.FileID + "/download"
	}
	return out
}

// PortalGet opens one task and audits the read.
func (s *Service) PortalGet(ctx context.Context, pp model.PortalPrincipal, accessID, taskID string) (PortalTask, error) {
	q := s.Store.R()
	a, err := portalAccess(ctx, q, pp, accessID, authz.View)
	if err != nil {
		return PortalTask{}, err
	}
	t, err := portalTask(ctx, q, a, taskID)
	if err != nil {
		return PortalTask{}, err
	}
	today := a.Loc.In(s.Now()).Format("2006-01-02")
	return s.portalTask(a, pp, t, today), s.recordRead(ctx, s.portalEvent(pp, a, "portal.task.view", recordType, t.ID))
}

// PortalDone marks a task done as the portal user, with an optional plain-text reply (at most
// model.MaxTaskReply characters). A task already done is a conflict: for all members' tasks, another
// member may have finished it first.
func (s *Service) PortalDone(ctx context.Context, pp model.PortalPrincipal, accessID, taskID, reply string) (PortalTask, error) {
	const action = "portal.task.done"
	var out PortalTask
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, err := portalAccess(ctx, q, pp, accessID, authz.Change)
		if err != nil {
			return err
		}
		t, err := portalTask(ctx, q, a, taskID)
		if err != nil {
			return err
		}
		clean, err := model.CleanReply(reply)
		if err != nil {
			return err
		}
		t.Status, t.DoneAt, t.DoneByAccountID, t.DoneByStaffID, t.Reply = model.TaskDone, s.now(), pp.AccountID, "", clean
		t.UpdatedAt = t.DoneAt
		ok, err := store.CompleteOpenTask(ctx, q, t)
		if err != nil {
			return err
		}
		if !ok {
			return &model.ConflictError{Message: "This task is already marked done."}
		}
		out = s.portalTask(a, pp, t, a.Loc.In(s.Now()).Format("2006-01-02"))
		return s.Audit.Append(ctx, q, s.portalEvent(pp, a, action, recordType, t.ID))
	})
	if err != nil {
		return PortalTask{}, fmt.Errorf("tasks: %s: %w", action, err)
	}
	return out, nil
}

func (s *Service) portalEvent(pp model.PortalPrincipal, a store.AccountAccess, action, recordType, recordID string) model.AuditEvent {
	return model.AuditEvent{PracticeID: a.PracticeID, At: s.now(), ActorType: model.ActorPortal, ActorID: pp.AccountID, ActorRole: "portal",
		Action: action, RecordType: recordType, RecordID: recordID, ChartID: a.ChartID, IP: pp.IP, Outcome: model.OutcomeSuccess}
}
