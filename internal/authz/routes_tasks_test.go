package authz_test

import (
	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"

	"tend/internal/id"
)

// taskRouteSpecs are the rows of the tasks routes (TK-1, issue 17, item 1), staff and portal, kept in
// their own file so the table's other rows merge apart; init adds them to routeSpecs. Bodies stop at
// validation (an empty title), except marking done and deleting, which change the fixture's task once.
var taskRouteSpecs = map[string]spec{
	"web GET /clients/{id}/tasks/new":                          rule(authz.Tasks, authz.Change, "chart"),
	"web POST /clients/{id}/tasks":                             rule(authz.Tasks, authz.Change, "chart").with("title="),
	"web GET /clients/{id}/tasks/{task}":                       rule(authz.Tasks, authz.View, "chart"),
	"web POST /clients/{id}/tasks/{task}":                      rule(authz.Tasks, authz.Change, "chart").with("title="),
	"web POST /clients/{id}/tasks/{task}/status":               rule(authz.Tasks, authz.Change, "chart").with("status=open"),
	"web GET /clients/{id}/tasks/{task}/delete":                rule(authz.Tasks, authz.Change, "chart"),
	"web POST /clients/{id}/tasks/{task}/delete":               rule(authz.Tasks, authz.Change, "chart").destroys(),
	"api GET /api/v1/clients/{id}/tasks":                       rule(authz.Tasks, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/tasks":                      rule(authz.Tasks, authz.Change, "chart").with(`{"title": ""}`),
	"api GET /api/v1/clients/{id}/tasks/{task_id}":             rule(authz.Tasks, authz.View, "chart"),
	"api PATCH /api/v1/clients/{id}/tasks/{task_id}":           rule(authz.Tasks, authz.Change, "chart").with(`{"title": ""}`),
	"api DELETE /api/v1/clients/{id}/tasks/{task_id}":          rule(authz.Tasks, authz.Change, "chart").destroys(),
	"portal GET /portal/c/{id}/tasks":                          prule(authz.Tasks, authz.View, "access"),
	"portal GET /portal/c/{id}/tasks/{task}":                   prule(authz.Tasks, authz.View, "access"),
	"portal POST /portal/c/{id}/tasks/{task}/done":             prule(authz.Tasks, authz.Change, "access").with("reply=").destroys(),
	"api GET /api/v1/portal/charts/{id}/tasks":                 prule(authz.Tasks, authz.View, "access"),
	"api GET /api/v1/portal/charts/{id}/tasks/{task_id}":       prule(authz.Tasks, authz.View, "access"),
	"api POST /api/v1/portal/charts/{id}/tasks/{task_id}/done": prule(authz.Tasks, authz.Change, "access").with("{}").destroys(),
}

func init() {
	for k, v := range taskRouteSpecs {
		routeSpecs[k] = v
	}
}

// task stores, straight through the store (admins may not assign one), an open task by op on the chart
// and returns its id.
func (f *fixture) task(op model.Principal, chartID string) string {
	now := f.h.Clock.Now().UTC()
	t := model.Task{ID: id.New(), PracticeID: op.PracticeID, ChartID: chartID, Title: "Homework", Status: model.TaskOpen,
		CreatedBy: op.StaffID, CreatedAt: now, UpdatedAt: now}
	if err := f.h.App.Outbox.Store.Tx(f.ctx, func(q store.Q) error { return store.InsertTask(f.ctx, q, t) }); err != nil {
		f.t.Fatalf("task: %v", err)
	}
	return t.ID
}
