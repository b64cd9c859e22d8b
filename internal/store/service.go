package store

import (
	"context"
	"database/sql"
	"fmt"

	"tend/internal/db"
	"tend/internal/model"
)

// Services: what a practice's sessions are billed as (issue 16). Rates are integer cents.

const serviceCols = `id, practice_id, name, code, duration_minutes, rate_cents, is_group, archived_at, created_at, updated_at`

func scanService(s scanner) (model.Service, error) {
	var sv model.Service
	var archived sql.NullInt64
	var created, updated int64
	err := s.Scan(&sv.ID, &sv.PracticeID, &sv.Name, &sv.Code, &sv.DurationMinutes, &sv.RateCents, &sv.Group, &archived, &created, &updated)
	if err != nil {
		return sv, db.Classify(err)
	}
	sv.ArchivedAt, sv.CreatedAt, sv.UpdatedAt = fromNullMS(archived), fromMS(created), fromMS(updated)
	return sv, nil
}

// ListServices returns the practice's services by name: the offered ones, and the archived ones too
// when withArchived.
func ListServices(ctx context.Context, q Q, practiceID string, withArchived bool) ([]model.Service, error) {
	query := `SELECT ` + serviceCols + ` FROM services WHERE practice_id = $1`
	if !withArchived {
		query += ` AND archived_at IS NULL`
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY LOWER(name), id`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: list services: %w", err)
	}
	defer rows.Close()
	var out []model.Service
	for rows.Next() {
		sv, err := scanService(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list services: %w", err)
		}
		out = append(out, sv)
	}
	return out, rows.Err()
}

// ServiceByID returns a service of the practice, or model.ErrNotFound (also for another practice's).
func ServiceByID(ctx context.Context, q Q, practiceID, id string) (model.Service, error) {
	sv, err := scanService(q.QueryRowContext(ctx, `SELECT `+serviceCols+` FROM services WHERE id = $1 AND practice_id = $2`, id, practiceID))
	if err != nil {
		return sv, fmt.Errorf("store: service %s: %w", id, err)
	}
	return sv, nil
}

// InsertService stores a new service.
func InsertService(ctx context.Context, q Q, sv model.Service) error {
	_, err := q.ExecContext(ctx, `INSERT INTO services (`+serviceCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		sv.ID, sv.PracticeID, sv.Name, sv.Code, sv.DurationMinutes, sv.RateCents, sv.Group, nullMS(sv.ArchivedAt), ms(sv.CreatedAt), ms(sv.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: insert service: %w", db.Classify(err))
	}
	return nil
}

// UpdateService stores every field of a service of its practice.
func UpdateService(ctx context.Context, q Q, sv model.Service) error {
	res, err := q.ExecContext(ctx, `UPDATE services SET name = $1, code = $2, duration_minutes = $3, rate_cents = $4, is_group = $5,
		archived_at = $6, updated_at = $7 WHERE id = $8 AND practice_id = $9`,
		sv.Name, sv.Code, sv.DurationMinutes, sv.RateCents, sv.Group, nullMS(sv.ArchivedAt), ms(sv.UpdatedAt), sv.ID, sv.PracticeID)
	if err != nil {
		return fmt.Errorf("store: update service: %w", db.Classify(err))
	}
	return expectOne(res, "update service")
}
