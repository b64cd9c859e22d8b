package store

import (
	"context"
	"fmt"

	"tend/internal/db"
	"tend/internal/model"
)

// Psychotherapy notes live in their own table and are read only by their author: every query here
// names the author, so no caller can list someone else's by forgetting a filter.

const pnoteCols = `id, practice_id, chart_id, author_id, note_date, body, created_at, updated_at`

func scanPsychotherapyNote(s scanner) (model.PsychotherapyNote, error) {
	var n model.PsychotherapyNote
	var created, updated int64
	if err := s.Scan(&n.ID, &n.PracticeID, &n.ChartID, &n.AuthorID, &n.Date, &n.Body, &created, &updated); err != nil {
		return n, db.Classify(err)
	}
	n.CreatedAt, n.UpdatedAt = fromMS(created), fromMS(updated)
	return n, nil
}

// InsertPsychotherapyNote stores a new note.
func InsertPsychotherapyNote(ctx context.Context, q Q, n model.PsychotherapyNote) error {
	_, err := q.ExecContext(ctx, `INSERT INTO psychotherapy_notes (`+pnoteCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		n.ID, n.PracticeID, n.ChartID, n.AuthorID, n.Date, n.Body, ms(n.CreatedAt), ms(n.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: insert psychotherapy note: %w", db.Classify(err))
	}
	return nil
}

// UpdatePsychotherapyNote stores a note's date and text.
func UpdatePsychotherapyNote(ctx context.Context, q Q, n model.PsychotherapyNote) error {
	_, err := q.ExecContext(ctx, `UPDATE psychotherapy_notes SET note_date = $1, body = $2, updated_at = $3 WHERE id = $4 AND author_id = $5`,
		n.Date, n.Body, ms(n.UpdatedAt), n.ID, n.AuthorID)
	if err != nil {
		return fmt.Errorf("store: update psychotherapy note %s: %w", n.ID, db.Classify(err))
	}
	return nil
}

// DeletePsychotherapyNote removes one of the author's notes.
func DeletePsychotherapyNote(ctx context.Context, q Q, authorID, noteID string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM psychotherapy_notes WHERE id = $1 AND author_id = $2`, noteID, authorID)
	if err != nil {
		return fmt.Errorf("store: delete psychotherapy note %s: %w", noteID, db.Classify(err))
	}
	return nil
}

// PsychotherapyNoteByID returns a note of chart chartID in the practice; model.ErrNotFound when there is
// none. The caller decides whether the person may read it (its author only).
func PsychotherapyNoteByID(ctx context.Context, q Q, practiceID, chartID, noteID string) (model.PsychotherapyNote, error) {
	row := q.QueryRowContext(ctx, `SELECT `+pnoteCols+` FROM psychotherapy_notes WHERE id = $1 AND practice_id = $2 AND chart_id = $3`,
		noteID, practiceID, chartID)
	n, err := scanPsychotherapyNote(row)
	if err != nil {
		return n, fmt.Errorf("store: psychotherapy note %s: %w", noteID, err)
	}
	return n, nil
}

// PageKey is where a keyset page starts: after the row with this sort value and id ("" for the first page).
type PageKey struct {
	Value string
	ID    string
}

// PsychotherapyNotesOf lists the author's notes on a chart, newest date first, at most limit, starting
// after key.
func PsychotherapyNotesOf(ctx context.Context, q Q, chartID, authorID string, after PageKey, limit int) ([]model.PsychotherapyNote, error) {
	query := `SELECT ` + pnoteCols + ` FROM psychotherapy_notes WHERE chart_id = $1 AND author_id = $2`
	args := []any{chartID, authorID}
	if after.ID != "" {
		query += ` AND (note_date < $3 OR (note_date = $3 AND id < $4))`
		args = append(args, after.Value, after.ID)
	}
	query += fmt.Sprintf(` ORDER BY note_date DESC, id DESC LIMIT %d`, limit)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: psychotherapy notes: %w", db.Classify(err))
	}
	defer rows.Close()
	var out []model.PsychotherapyNote
	for rows.Next() {
		n, err := scanPsychotherapyNote(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
