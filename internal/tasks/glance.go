package tasks

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// Counts reads a chart's open and overdue tasks (private to-dos included) for its Overview, in one
// query, and audits the read; a person who may not see tasks gets model.ErrNotFound.
func (s *Service) Counts(ctx context.Context, p model.Principal, chartID string) (store.TaskCounts, error) {
	const action = "chart.tasks.view"
	q := s.Store.R()
	r, err := s.open(ctx, q, p, chartID, authz.View)
	if err != nil {
		return store.TaskCounts{}, s.denied(ctx, p, action, chartID, err)
	}
	today, err := s.today(ctx, q, r.chart.PracticeID)
	if err != nil {
		return store.TaskCounts{}, fmt.Errorf("tasks: counts: %w", err)
	}
	c, err := store.TaskCountsOf(ctx, q, r.chart.ID, today)
	if err != nil {
		return c, fmt.Errorf("tasks: counts: %w", err)
	}
	return c, s.recordRead(ctx, s.event(p, action, r.chart.ID, ""))
}

// Overdue lists, for Home's Needs attention, the charts in care assigned to the person that have overdue
// tasks, with how many, the longest overdue first, at most limit charts, in one grouped query. It names
// the charts and counts, never a task's title; people who see no tasks (billing) get none.
func (s *Service) Overdue(ctx context.Context, p model.Principal, limit int) ([]store.OverdueTasks, error) {
	who, err := s.Charts.Who(ctx, s.Store.R(), p)
	if err != nil {
		return nil, fmt.Errorf("tasks: overdue: %w", err)
	}
	own := model.Client{PracticeID: p.PracticeID, AssignedClinicianID: p.StaffID, State: model.StateActive}
	if !(reach{chart: own, who: who}).caps().View {
		return nil, nil
	}
	today, err := s.today(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return nil, fmt.Errorf("tasks: overdue: %w", err)
	}
	out, err := store.OverdueTasksOfClinician(ctx, s.Store.R(), p.PracticeID, p.StaffID, today, limit)
	if err != nil {
		return nil, fmt.Errorf("tasks: overdue: %w", err)
	}
	return out, nil
}
