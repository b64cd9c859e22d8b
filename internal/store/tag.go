package store

import (
	"context"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// TagCount is a tag with how many charts carry it.
type TagCount struct {
	model.Tag
	Clients int
}

// ListTags returns the practice's tags by name with their use counts.
func ListTags(ctx context.Context, q Q, practiceID string) ([]TagCount, error) {
	rows, err := q.QueryContext(ctx, `SELECT t.id, t.name, (SELECT COUNT(*) FROM chart_tags ct WHERE ct.tag_id = t.id)
		FROM tags t WHERE t.practice_id = $1 ORDER BY t.name_norm, t.id`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: list tags: %w", err)
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var t TagCount
		if err := rows.Scan(&t.ID, &t.Name, &t.Clients); err != nil {
			return nil, fmt.Errorf("store: list tags: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TagNames lists a practice's tags by name, without their counts.
func TagNames(ctx context.Context, q Q, practiceID string) ([]model.Tag, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM tags WHERE practice_id = $1 ORDER BY name_norm, id`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: tag names: %w", err)
	}
	defer rows.Close()
	var out []model.Tag
	for rows.Next() {
		var t model.Tag
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, fmt.Errorf("store: tag names: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TagByID returns a tag of the practice, or model.ErrNotFound.
func TagByID(ctx context.Context, q Q, practiceID, id string) (model.Tag, error) {
	var t model.Tag
	err := q.QueryRowContext(ctx, `SELECT id, name FROM tags WHERE id = $1 AND practice_id = $2`, id, practiceID).Scan(&t.ID, &t.Name)
	if err != nil {
		return t, fmt.Errorf("store: tag: %w", db.Classify(err))
	}
	return t, nil
}

// InsertTag adds a tag; a name already used (ignoring case and accents) is model.ErrConflict.
func InsertTag(ctx context.Context, q Q, practiceID string, t model.Tag, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO tags (id, practice_id, name, name_norm, created_at) VALUES ($1, $2, $3, $4, $5)`,
		t.ID, practiceID, t.Name, model.Fold(t.Name), ms(at))
	if err != nil {
		return fmt.Errorf("store: insert tag: %w", db.Classify(err))
	}
	return nil
}

// RenameTag renames a tag; a name already used is model.ErrConflict.
func RenameTag(ctx context.Context, q Q, practiceID string, t model.Tag) error {
	res, err := q.ExecContext(ctx, `UPDATE tags SET name = $1, name_norm = $2 WHERE id = $3 AND practice_id = $4`,
		t.Name, model.Fold(t.Name), t.ID, practiceID)
	if err != nil {
		return fmt.Errorf("store: rename tag: %w", db.Classify(err))
	}
	return expectOne(res, "rename tag")
}

// DeleteTag removes a tag and its links.
func DeleteTag(ctx context.Context, q Q, practiceID, id string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM chart_tags WHERE tag_id = $1 AND tag_id IN (SELECT id FROM tags WHERE practice_id = $2)`, id, practiceID); err != nil {
		return fmt.Errorf("store: delete tag links: %w", err)
	}
	res, err := q.ExecContext(ctx, `DELETE FROM tags WHERE id = $1 AND practice_id = $2`, id, practiceID)
	if err != nil {
		return fmt.Errorf("store: delete tag: %w", err)
	}
	return expectOne(res, "delete tag")
}

// ChartIDsWithTag lists the charts carrying a tag.
func ChartIDsWithTag(ctx context.Context, q Q, tagID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT chart_id FROM chart_tags WHERE tag_id = $1`, tagID)
	if err != nil {
		return nil, fmt.Errorf("store: charts with tag: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: charts with tag: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// SetChartTags replaces a chart's tags. A tag of another practice than the chart's is model.ErrNotFound:
// a tag's links are only ever to its own practice's charts, which lets the client list count a tag's
// charts from its links alone (ClientFilter.countQuery).
func SetChartTags(ctx context.Context, q Q, chartID string, tagIDs []string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM chart_tags WHERE chart_id = $1`, chartID); err != nil {
		return fmt.Errorf("store: clear chart tags: %w", err)
	}
	for _, t := range tagIDs {
		res, err := q.ExecContext(ctx, `INSERT INTO chart_tags (chart_id, tag_id) SELECT c.id, t.id FROM charts c
			JOIN tags t ON t.practice_id = c.practice_id WHERE c.id = $1 AND t.id = $2`, chartID, t)
		if err != nil {
			return fmt.Errorf("store: add chart tag: %w", db.Classify(err))
		}
		if err := expectOne(res, "add chart tag of the chart's practice"); err != nil {
			return err
		}
	}
	return nil
}

// TagsOfCharts returns the tags of each chart, by chart id, sorted by name.
func TagsOfCharts(ctx context.Context, q Q, chartIDs []string) (map[string][]model.Tag, error) {
	out := map[string][]model.Tag{}
	if len(chartIDs) == 0 {
		return out, nil
	}
	ph, args := placeholders(chartIDs, 0)
	rows, err := q.QueryContext(ctx, `SELECT ct.chart_id, t.id, t.name FROM chart_tags ct JOIN tags t ON t.id = ct.tag_id
		WHERE ct.chart_id IN (`+ph+`) ORDER BY t.name_norm`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: chart tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var chart string
		var t model.Tag
		if err := rows.Scan(&chart, &t.ID, &t.Name); err != nil {
			return nil, fmt.Errorf("store: chart tags: %w", err)
		}
		out[chart] = append(out[chart], t)
	}
	return out, rows.Err()
}
