package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"tend/internal/model"
)

// HasLiveRequests reports whether a chart has a document request that was not withdrawn: waiting or
// finished (CL-5's "Assign intake documents"). It stops at the first, whatever the chart's history.
func HasLiveRequests(ctx context.Context, q Q, chartID string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM document_requests WHERE chart_id = $1 AND state <> $2 LIMIT 1`,
		chartID, string(model.RequestWithdrawn)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: live requests: %w", err)
	}
	return true, nil
}
