package app

import (
	"context"

	"tend/internal/model"
	"tend/internal/overview"
	"tend/internal/tasks"
)

// wireOverviewTasks gives the Overview its Tasks block (TK-1): open and overdue counts in one query.
func wireOverviewTasks(o *overview.Service, ts *tasks.Service) {
	o.Tasks = func(ctx context.Context, p model.Principal, chartID string) (overview.TaskBlock, error) {
		c, err := ts.Counts(ctx, p, chartID)
		return overview.TaskBlock{Open: c.Open, Overdue: c.Overdue}, err
	}
}
