package overview

import (
	"context"

	"tend/internal/model"
)

// TasksFunc reads, in one audited read, how many of a chart's tasks are open and how many of those are
// overdue (TK-1), private to-dos included.
type TasksFunc func(ctx context.Context, p model.Principal, chartID string) (TaskBlock, error)

// TaskBlock is the Overview's Tasks block: counts only, never a title.
type TaskBlock struct {
	Open    int
	Overdue int
}
