package store

import (
	"context"
	"fmt"

	"tend/internal/model"
)

// CountLiveRequests counts a chart's document requests that were not withdrawn: waiting or finished
// (CL-5's "Assign intake documents").
func CountLiveRequests(ctx context.Context, q Q, chartID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM document_requests WHERE chart_id = $1 AND state <> $2`,
		chartID, string(model.RequestWithdrawn)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count requests: %w", err)
	}
	return n, nil
}
