package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"tend/internal/db"
	"tend/internal/model"
)

const reflectionCols = `id, practice_id, chart_id, author_id, title, body, created_at, updated_at, shared_at, COALESCE(shared_by, '')`

func scanReflection(s scanner) (model.Reflection, error) {
	var r model.Reflection
	var created, updated int64
	var shared sql.NullInt64
	if err := s.Scan(&r.ID, &r.PracticeID, &r.ChartID, &r.AuthorID, &r.Title, &r.Body, &created, &updated, &shared, &r.SharedBy); err != nil {
		return r, db.Classify(err)
	}
	r.CreatedAt, r.UpdatedAt, r.SharedAt = fromMS(created), fromMS(updated), fromNullMS(shared)
	return r, nil
}

// InsertReflection stores a new reflection.
func InsertReflection(ctx context.Context, q Q, r model.Reflection) error {
	_, err := q.ExecContext(ctx, `INSERT INTO reflections (id, practice_id, chart_id, author_id, title, body, created_at, updated_at,
		shared_at, shared_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		r.ID, r.PracticeID, r.ChartID, r.AuthorID, r.Title, r.Body, ms(r.CreatedAt), ms(r.UpdatedAt), nullMS(r.SharedAt), nullStr(r.SharedBy))
	if err != nil {
		return fmt.Errorf("store: insert reflection: %w", db.Classify(err))
	}
	return nil
}

// UpdateReflection stores a reflection's title, text and shared state.
func UpdateReflection(ctx context.Context, q Q, r model.Reflection) error {
	_, err := q.ExecContext(ctx, `UPDATE reflections SET title = $1, body = $2, updated_at = $3, shared_at = $4, shared_by = $5 WHERE id = $6`,
		r.Title, r.Body, ms(r.UpdatedAt), nullMS(r.SharedAt), nullStr(r.SharedBy), r.ID)
	if err != nil {
		return fmt.Errorf("store: update reflection %s: %w", r.ID, db.Classify(err))
	}
	return nil
}

// DeleteReflection removes a reflection.
func DeleteReflection(ctx context.Context, q Q, reflectionID string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM reflections WHERE id = $1`, reflectionID); err != nil {
		return fmt.Errorf("store: delete reflection %s: %w", reflectionID, db.Classify(err))
	}
	return nil
}

// ReflectionByID returns a reflection of chart chartID in the practice, or model.ErrNotFound.
func ReflectionByID(ctx context.Context, q Q, practiceID, chartID, reflectionID string) (model.Reflection, error) {
	row := q.QueryRowContext(ctx, `SELECT `+reflectionCols+` FROM reflections WHERE id = $1 AND practice_id = $2 AND chart_id = $3`,
		reflectionID, practiceID, chartID)
	r, err := scanReflection(row)
	if err != nil {
		return r, fmt.Errorf("store: reflection %s: %w", reflectionID, err)
	}
	return r, nil
}

// ReflectionsOf lists a chart's reflections, newest first, at most limit, starting after key (its Value
// is the created time in milliseconds). sharedOnly keeps those the portal shows.
func ReflectionsOf(ctx context.Context, q Q, chartID string, sharedOnly bool, after PageKey, limit int) ([]model.Reflection, error) {
	query := `SELECT ` + reflectionCols + ` FROM reflections WHERE chart_id = $1`
	args := []any{chartID}
	if sharedOnly {
		query += ` AND shared_at IS NOT NULL`
	}
	if after.ID != "" {
		v, err := strconv.ParseInt(after.Value, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("store: reflections page key: %w", model.ErrNotFound)
		}
		query += ` AND (created_at < $2 OR (created_at = $2 AND id < $3))`
		args = append(args, v, after.ID)
	}
	query += fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d`, limit)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: reflections: %w", db.Classify(err))
	}
	defer rows.Close()
	var out []model.Reflection
	for rows.Next() {
		r, err := scanReflection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
