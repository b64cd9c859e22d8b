package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"tend/internal/db"
)

// BuiltinTemplateID returns the id of a practice's built-in template ("intake", …), or "" when the
// practice does not have it (yet).
func BuiltinTemplateID(ctx context.Context, q Q, practiceID, key string) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM document_templates WHERE practice_id = $1 AND builtin_key = $2`, practiceID, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: builtin template %s: %w", key, err)
	}
	return id, nil
}

// IntakeApplication is when staff last copied a finished intake's answers to the chart, and which of
// its questions they took.
type IntakeApplication struct {
	RequestID string
	AppliedBy string
	AppliedAt time.Time
	Fields    []string
}

// SaveIntakeApplication records (or records again) that a request's answers were applied to its chart.
func SaveIntakeApplication(ctx context.Context, q Q, practiceID string, a IntakeApplication) error {
	_, err := q.ExecContext(ctx, `INSERT INTO intake_applications (request_id, practice_id, applied_by, applied_at, fields)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (request_id) DO UPDATE SET applied_by = excluded.applied_by, applied_at = excluded.applied_at, fields = excluded.fields`,
		a.RequestID, practiceID, nullStr(a.AppliedBy), ms(a.AppliedAt), strings.Join(a.Fields, " "))
	if err != nil {
		return fmt.Errorf("store: save intake application: %w", db.Classify(err))
	}
	return nil
}

// IntakeApplicationOf returns when a request was applied to its chart, or model.ErrNotFound when never.
func IntakeApplicationOf(ctx context.Context, q Q, practiceID, requestID string) (IntakeApplication, error) {
	a := IntakeApplication{RequestID: requestID}
	var by sql.NullString
	var at int64
	var fields string
	err := q.QueryRowContext(ctx, `SELECT applied_by, applied_at, fields FROM intake_applications WHERE request_id = $1 AND practice_id = $2`,
		requestID, practiceID).Scan(&by, &at, &fields)
	if err != nil {
		return a, fmt.Errorf("store: intake application of %s: %w", requestID, db.Classify(err))
	}
	a.AppliedBy, a.AppliedAt, a.Fields = by.String, fromMS(at), strings.Fields(fields)
	return a, nil
}

// AppliedIntakes reports which of the requests were applied to their chart (for a chart's documents list).
func AppliedIntakes(ctx context.Context, q Q, chartID string) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.request_id FROM intake_applications a JOIN document_requests r ON r.id = a.request_id
		WHERE r.chart_id = $1`, chartID)
	if err != nil {
		return nil, fmt.Errorf("store: applied intakes: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: applied intakes: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}
