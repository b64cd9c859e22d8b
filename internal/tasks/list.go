package tasks

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// Filters are the list's filters, in the order the Tasks tab offers them.
var Filters = []string{"", "open", "overdue", "done"}

// List is one page of a chart's tasks as the Tasks tab and the API show them.
type List struct {
	Chart  model.Client
	Items  []View
	Next   string // the page key of the next page, "" on the last
	Filter string // "", "open", "overdue" or "done"
	Caps   Caps
	Today  string // the practice's date, YYYY-MM-DD
	// Members are a group chart's members, to assign a task to one of them.
	Members []model.Member
	// Requests are the chart's document requests still open or finished (not withdrawn), to go with a task.
	Requests []model.DocumentRequest
	// Files are the chart's newest files, to go with a task.
	Files []model.File
}

// List lists a chart's tasks, newest first, a page at a time (page is the Next of the page before),
// filtered by status ("", open, overdue, done), and audits the read.
func (s *Service) List(ctx context.Context, p model.Principal, chartID, filter, page string) (List, error) {
	const action = "chart.tasks.view"
	q := s.Store.R()
	r, err := s.open(ctx, q, p, chartID, authz.View)
	if err != nil {
		return List{}, s.denied(ctx, p, action, chartID, err)
	}
	if !validFilter(filter) {
		return List{}, model.FieldError("status", "Filter by open, overdue or done, or show all.")
	}
	after, err := parsePage(page)
	if err != nil {
		return List{}, err
	}
	today, err := s.today(ctx, q, r.chart.PracticeID)
	if err != nil {
		return List{}, fmt.Errorf("tasks: list: %w", err)
	}
	ts, err := store.TasksOf(ctx, q, r.chart.ID, store.TaskFilter{Status: filter, Today: today}, after, PageSize+1)
	if err != nil {
		return List{}, fmt.Errorf("tasks: list: %w", err)
	}
	names, members, err := memberNames(ctx, q, r.chart)
	if err != nil {
		return List{}, fmt.Errorf("tasks: list: %w", err)
	}
	out := List{Chart: r.chart, Items: []View{}, Filter: filter, Caps: r.caps(), Today: today, Members: members}
	if len(ts) > PageSize {
		ts, out.Next = ts[:PageSize], pageKey(ts[PageSize-1])
	}
	for _, t := range ts {
		out.Items = append(out.Items, s.view(t, today, names))
	}
	if out.Caps.Change {
		if out.Requests, err = linkable(ctx, q, r.chart.ID); err != nil {
			return List{}, fmt.Errorf("tasks: list: %w", err)
		}
		if out.Files, err = attachable(ctx, q, r.chart.ID); err != nil {
			return List{}, fmt.Errorf("tasks: list: %w", err)
		}
	}
	return out, s.recordRead(ctx, s.event(p, action, r.chart.ID, ""))
}

func validFilter(f string) bool {
	for _, v := range Filters {
		if v == f {
			return true
		}
	}
	return false
}

// linkable lists the chart's document requests a task may go with: those not withdrawn.
func linkable(ctx context.Context, q store.Q, chartID string) ([]model.DocumentRequest, error) {
	rs, err := store.RequestsOfChart(ctx, q, chartID)
	if err != nil {
		return nil, err
	}
	out := rs[:0]
	for _, r := range rs {
		if r.State != model.RequestWithdrawn {
			out = append(out, r)
		}
	}
	return out, nil
}

// attachable lists the chart's newest files a task may go with.
func attachable(ctx context.Context, q store.Q, chartID string) ([]model.File, error) {
	return store.FilesOf(ctx, q, chartID, store.FileFilter{}, store.PageKey{}, MaxFileChoices)
}

// MaxFileChoices is how many of the chart's newest files the task form offers.
const MaxFileChoices = 50

// Detail is one task with its chart and what the person may do.
type Detail struct {
	Chart    model.Client
	Task     View
	Caps     Caps
	Today    string
	Members  []model.Member
	Requests []model.DocumentRequest
	Files    []model.File
	// Document names the document request that goes with the task, "" for none.
	Document string
	// File is the file that goes with the task (its ID "" for none).
	File model.File
}

// Get opens one task of a chart, with the client's reply, and audits the read.
func (s *Service) Get(ctx context.Context, p model.Principal, chartID, taskID string) (Detail, error) {
	const action = "chart.task.view"
	q := s.Store.R()
	r, err := s.open(ctx, q, p, chartID, authz.View)
	if err != nil {
		return Detail{}, s.denied(ctx, p, action, chartID, err)
	}
	t, err := load(ctx, q, r.chart, taskID)
	if err != nil {
		return Detail{}, fmt.Errorf("tasks: get: %w", err)
	}
	d, err := s.detail(ctx, q, r, t)
	if err != nil {
		return Detail{}, fmt.Errorf("tasks: get: %w", err)
	}
	return d, s.recordRead(ctx, s.event(p, action, r.chart.ID, t.ID))
}

func (s *Service) detail(ctx context.Context, q store.Q, r reach, t model.Task) (Detail, error) {
	today, err := s.today(ctx, q, r.chart.PracticeID)
	if err != nil {
		return Detail{}, err
	}
	names, members, err := memberNames(ctx, q, r.chart)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Chart: r.chart, Task: s.view(t, today, names), Caps: r.caps(), Today: today, Members: members}
	rs, err := linkable(ctx, q, r.chart.ID)
	if err != nil {
		return Detail{}, err
	}
	if d.Caps.Change {
		d.Requests = rs
		if d.Files, err = attachable(ctx, q, r.chart.ID); err != nil {
			return Detail{}, err
		}
	}
	if t.FileID != "" {
		if d.File, err = store.FileByID(ctx, q, r.chart.PracticeID, t.FileID); err != nil && !errors.Is(err, model.ErrNotFound) {
			return Detail{}, err
		}
	}
	for _, rq := range rs {
		if rq.ID == t.DocumentRequestID {
			d.Document = rq.TemplateName
		}
	}
	return d, nil
}

// Form opens a chart to assign a new task: its members and document requests for the form.
func (s *Service) Form(ctx context.Context, p model.Principal, chartID string) (List, error) {
	const action = "chart.task.create"
	q := s.Store.R()
	r, err := s.open(ctx, q, p, chartID, authz.Change)
	if err != nil {
		return List{}, s.denied(ctx, p, action, chartID, err)
	}
	out := List{Chart: r.chart, Caps: r.caps()}
	if _, out.Members, err = memberNames(ctx, q, r.chart); err != nil {
		return List{}, fmt.Errorf("tasks: form: %w", err)
	}
	if out.Requests, err = linkable(ctx, q, r.chart.ID); err != nil {
		return List{}, fmt.Errorf("tasks: form: %w", err)
	}
	if out.Files, err = attachable(ctx, q, r.chart.ID); err != nil {
		return List{}, fmt.Errorf("tasks: form: %w", err)
	}
	if out.Today, err = s.today(ctx, q, r.chart.PracticeID); err != nil {
		return List{}, fmt.Errorf("tasks: form: %w", err)
	}
	return out, nil
}
