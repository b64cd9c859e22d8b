package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

const templateCols = `t.id, t.practice_id, t.builtin_key, t.kind, t.name, t.description, t.scoring, t.uses_legal_name, t.version,
	t.archived_at, t.created_at, t.updated_at, v.fields`

const templateFrom = ` FROM document_templates t JOIN document_template_versions v ON v.template_id = t.id AND v.version = t.version`

func scanTemplate(s scanner) (model.Template, error) {
	var t model.Template
	var kind, fields string
	var archived sql.NullInt64
	var created, updated int64
	if err := s.Scan(&t.ID, &t.PracticeID, &t.BuiltinKey, &kind, &t.Name, &t.Description, &t.Scoring, &t.UsesLegalName, &t.Version,
		&archived, &created, &updated, &fields); err != nil {
		return t, db.Classify(err)
	}
	t.Kind, t.ArchivedAt, t.CreatedAt, t.UpdatedAt = model.TemplateKind(kind), fromNullMS(archived), fromMS(created), fromMS(updated)
	if err := json.Unmarshal([]byte(fields), &t.Fields); err != nil {
		return t, fmt.Errorf("template %s fields: %w", t.ID, err)
	}
	return t, nil
}

// InsertTemplate stores a new template with its first version. A second copy of a built-in is
// model.ErrConflict.
func InsertTemplate(ctx context.Context, q Q, t model.Template, staffID string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO document_templates (id, practice_id, builtin_key, kind, name, description, scoring,
		uses_legal_name, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		t.ID, t.PracticeID, t.BuiltinKey, string(t.Kind), t.Name, t.Description, t.Scoring, t.UsesLegalName, t.Version, ms(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert template: %w", db.Classify(err))
	}
	return InsertTemplateVersion(ctx, q, t.ID, t.Version, t.Fields, staffID, t.CreatedAt)
}

// InsertTemplateVersion stores the fields of one version of a template.
func InsertTemplateVersion(ctx context.Context, q Q, templateID string, version int, fields []model.Field, staffID string, at time.Time) error {
	b, err := json.Marshal(fields)
	if err != nil {
		return fmt.Errorf("store: template fields: %w", err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO document_template_versions (template_id, version, fields, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5)`, templateID, version, string(b), nullStr(staffID), ms(at))
	if err != nil {
		return fmt.Errorf("store: insert template version: %w", db.Classify(err))
	}
	return nil
}

// UpdateTemplate stores a template's name, kind, description, legal-name use, current version and
// archive time.
func UpdateTemplate(ctx context.Context, q Q, t model.Template) error {
	res, err := q.ExecContext(ctx, `UPDATE document_templates SET kind = $1, name = $2, description = $3, uses_legal_name = $4,
		version = $5, archived_at = $6, updated_at = $7 WHERE id = $8 AND practice_id = $9`,
		string(t.Kind), t.Name, t.Description, t.UsesLegalName, t.Version, nullMS(t.ArchivedAt), ms(t.UpdatedAt), t.ID, t.PracticeID)
	if err != nil {
		return fmt.Errorf("store: update template: %w", err)
	}
	return expectOne(res, "update template")
}

// TemplateByID returns a template of the practice with its current fields, or model.ErrNotFound.
func TemplateByID(ctx context.Context, q Q, practiceID, templateID string) (model.Template, error) {
	t, err := scanTemplate(q.QueryRowContext(ctx, `SELECT `+templateCols+templateFrom+` WHERE t.id = $1 AND t.practice_id = $2`,
		templateID, practiceID))
	if err != nil {
		return t, fmt.Errorf("store: template %s: %w", templateID, err)
	}
	return t, nil
}

// BuiltinTemplate returns the practice's copy of a built-in template, or model.ErrNotFound.
func BuiltinTemplate(ctx context.Context, q Q, practiceID, key string) (model.Template, error) {
	t, err := scanTemplate(q.QueryRowContext(ctx, `SELECT `+templateCols+templateFrom+` WHERE t.practice_id = $1 AND t.builtin_key = $2`,
		practiceID, key))
	if err != nil {
		return t, fmt.Errorf("store: built-in template %s: %w", key, err)
	}
	return t, nil
}

// TemplateVersion returns the fields of one version of a template.
func TemplateVersion(ctx context.Context, q Q, templateID string, version int) ([]model.Field, error) {
	var raw string
	if err := q.QueryRowContext(ctx, `SELECT fields FROM document_template_versions WHERE template_id = $1 AND version = $2`,
		templateID, version).Scan(&raw); err != nil {
		return nil, fmt.Errorf("store: template version: %w", db.Classify(err))
	}
	var fields []model.Field
	if err := json.Unmarshal([]byte(raw), &fields); err != nil {
		return nil, fmt.Errorf("store: template version: %w", err)
	}
	return fields, nil
}

// ListTemplates returns a practice's templates by name; archived ones only when asked.
func ListTemplates(ctx context.Context, q Q, practiceID string, archived bool) ([]model.Template, error) {
	cond := ` AND t.archived_at IS NULL`
	if archived {
		cond = ``
	}
	rows, err := q.QueryContext(ctx, `SELECT `+templateCols+templateFrom+` WHERE t.practice_id = $1`+cond+` ORDER BY t.name, t.id`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: list templates: %w", err)
	}
	defer rows.Close()
	var out []model.Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list templates: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// BuiltinKeys lists the built-ins a practice already has.
func BuiltinKeys(ctx context.Context, q Q, practiceID string) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT builtin_key FROM document_templates WHERE practice_id = $1 AND builtin_key <> ''`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: builtin keys: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("store: builtin keys: %w", err)
		}
		out[k] = true
	}
	return out, rows.Err()
}
