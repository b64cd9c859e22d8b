// Package tasks holds the use cases of tasks and homework (TK-1, PT-12): staff assign a task to a chart
// (on a couple or family chart to one member, private to them and staff, or to all members), with
// Markdown instructions, an optional due day and an optional document request of the chart; the client
// marks it done in the portal, optionally with a reply; staff keep private to-dos the portal never
// shows. Who may do what is package authz's Tasks rows; every read and change is audited with ids only.
package tasks

import (
	"context"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/markdown"
	"tend/internal/model"
	"tend/internal/store"
)

// PageSize is how many tasks one page of a chart's list holds.
const PageSize = 50

// Service runs the task use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess

	mdOnce sync.Once
	md     *markdown.Renderer
}

// ChartAccess is what tasks need of the client records: the visibility rules and how the policy sees a person.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	Who(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
}

// recordType is how the audit log names a task.
const recordType = "task"

// Caps are what the person may do with a chart's tasks, for pages and API answers to show or hide actions.
type Caps struct {
	View   bool // list and open tasks, replies included
	Change bool // assign, edit, reopen, mark done, delete
}

// View is a task with its instructions rendered and what the lists show beside it.
type View struct {
	model.Task
	HTML       template.HTML // the instructions as sanitized HTML
	MemberName string        // on a group chart, the member it is for; "" for all members
	Overdue    bool
}

// Render is Markdown as the sanitized HTML staff and the client see.
func (s *Service) Render(src string) template.HTML {
	s.mdOnce.Do(func() { s.md = markdown.New() })
	if src == "" {
		return ""
	}
	return s.md.Render(src)
}

func (s *Service) view(t model.Task, today string, names map[string]string) View {
	return View{Task: t, HTML: s.Render(t.Instructions), MemberName: names[t.PersonID], Overdue: t.Overdue(today)}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// event is an audit entry by a staff member about a chart's tasks (taskID "": the chart's list): ids only.
func (s *Service) event(p model.Principal, action, chartID, taskID string) model.AuditEvent {
	if taskID == "" {
		return audit.StaffEvent(p, s.now(), action, chartID, "chart", chartID)
	}
	return audit.StaffEvent(p, s.now(), action, chartID, recordType, taskID)
}

// denied audits a refused attempt and returns err wrapped with the action.
func (s *Service) denied(ctx context.Context, p model.Principal, action, chartID string, err error) error {
	return fmt.Errorf("tasks: %s: %w", action, s.Charts.AuditDenied(ctx, p, action, chartID, err))
}

// reach is a chart the person reached, and how the policy sees them.
type reach struct {
	chart model.Client
	who   authz.Who
}

func (r reach) caps() Caps {
	t := authz.InChart(authz.Tasks, r.chart)
	return Caps{View: authz.Can(r.who, authz.View, t), Change: authz.Can(r.who, authz.Change, t)}
}

// open reaches a chart and asks the policy for act on its tasks: a chart out of reach, or tasks kept from
// the role, answer model.ErrNotFound; a refused change model.ErrForbidden.
func (s *Service) open(ctx context.Context, q store.Q, p model.Principal, chartID string, act authz.Action) (reach, error) {
	c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
	if err != nil {
		return reach{}, err
	}
	who, err := s.Charts.Who(ctx, q, p)
	if err != nil {
		return reach{}, err
	}
	r := reach{chart: c, who: who}
	return r, authz.Decide(who, act, authz.InChart(authz.Tasks, c))
}

// CapsOn answers Caps for a chart the person already opened.
func (s *Service) CapsOn(ctx context.Context, p model.Principal, c model.Client) (Caps, error) {
	who, err := s.Charts.Who(ctx, s.Store.R(), p)
	if err != nil {
		return Caps{}, fmt.Errorf("tasks: caps: %w", err)
	}
	return reach{chart: c, who: who}.caps(), nil
}

// load reads a task of chart c; a malformed, missing or another chart's id is model.ErrNotFound.
func load(ctx context.Context, q store.Q, c model.Client, taskID string) (model.Task, error) {
	if !id.Valid(taskID) {
		return model.Task{}, fmt.Errorf("tasks: malformed task id: %w", model.ErrNotFound)
	}
	return store.TaskByID(ctx, q, c.PracticeID, c.ID, taskID)
}

// today is the practice's current date, YYYY-MM-DD.
func (s *Service) today(ctx context.Context, q store.Q, practiceID string) (string, error) {
	pr, err := store.PracticeByID(ctx, q, practiceID)
	if err != nil {
		return "", err
	}
	return s.Now().In(pr.Location()).Format(time.DateOnly), nil
}

// memberNames maps a group chart's members' person ids to their names; nil for other charts.
func memberNames(ctx context.Context, q store.Q, c model.Client) (map[string]string, []model.Member, error) {
	if !c.IsGroup() {
		return nil, nil, nil
	}
	ms, err := store.MembersOf(ctx, q, c.ID)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]string{}
	for _, m := range ms {
		out[m.Client.PersonID] = m.Client.Name()
	}
	return out, ms, nil
}

// parsePage reads a page key "milliseconds_id".
func parsePage(page string) (store.PageKey, error) {
	if page == "" {
		return store.PageKey{}, nil
	}
	v, rid, ok := strings.Cut(page, "_")
	if _, err := strconv.ParseInt(v, 10, 64); !ok || err != nil || !id.Valid(rid) {
		return store.PageKey{}, model.FieldError("page", "This page address is not one Tend made. Start from the first page.")
	}
	return store.PageKey{Value: v, ID: rid}, nil
}

func pageKey(t model.Task) string { return strconv.FormatInt(t.CreatedAt.UnixMilli(), 10) + "_" + t.ID }
