package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"tend/internal/db"
	"tend/internal/model"
)

// noteListCols are a note's columns without its body: listings never carry what a note says.
const noteListCols = `n.id, n.practice_id, n.chart_id, n.author_id, COALESCE(a.name, ''), n.template, n.template_name, n.service_date,
	n.duration_minutes, n.service_type, n.mood, n.state, n.created_at, n.updated_at, n.signed_at, COALESCE(n.signed_by, ''), n.signer_name,
	n.content_sha256, n.needs_cosign, n.cosigned_at, COALESCE(n.cosigned_by, ''), n.cosigner_name`

// noteFrom joins the author's name.
const noteFrom = ` FROM session_notes n LEFT JOIN staff a ON a.id = n.author_id`

func scanNoteRow(s scanner, extra ...any) (model.Note, error) {
	var n model.Note
	var mood sql.NullInt64
	var created, updated int64
	var signed, cosigned sql.NullInt64
	var state string
	dest := []any{&n.ID, &n.PracticeID, &n.ChartID, &n.AuthorID, &n.AuthorName, &n.Template, &n.TemplateName, &n.ServiceDate,
		&n.DurationMinutes, &n.ServiceType, &mood, &state, &created, &updated, &signed, &n.SignedBy, &n.SignerName,
		&n.ContentSHA256, &n.NeedsCosign, &cosigned, &n.CosignedBy, &n.CosignerName}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return n, db.Classify(err)
	}
	if mood.Valid {
		m := int(mood.Int64)
		n.Mood = &m
	}
	n.State = model.NoteState(state)
	n.CreatedAt, n.UpdatedAt, n.SignedAt, n.CosignedAt = fromMS(created), fromMS(updated), fromNullMS(signed), fromNullMS(cosigned)
	return n, nil
}

func nullMood(m *int) sql.NullInt64 {
	if m == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: int64(*m), Valid: true}
}

// InsertNote adds a draft note.
func InsertNote(ctx context.Context, q Q, n model.Note) error {
	body, err := json.Marshal(n.Sections)
	if err != nil {
		return fmt.Errorf("store: note sections: %w", err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO session_notes (id, practice_id, chart_id, author_id, template, template_name, sections, service_date,
		duration_minutes, service_type, mood, state, created_at, updated_at, needs_cosign) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		n.ID, n.PracticeID, n.ChartID, n.AuthorID, n.Template, n.TemplateName, string(body), n.ServiceDate, n.DurationMinutes, n.ServiceType,
		nullMood(n.Mood), string(n.State), ms(n.CreatedAt), ms(n.UpdatedAt), n.NeedsCosign)
	if err != nil {
		return fmt.Errorf("store: insert note: %w", db.Classify(err))
	}
	return nil
}

// UpdateDraftNote stores a draft's new content. It changes nothing once the note is signed: then it
// answers model.ErrConflict, so a save racing a signature never alters what was signed.
func UpdateDraftNote(ctx context.Context, q Q, n model.Note) error {
	body, err := json.Marshal(n.Sections)
	if err != nil {
		return fmt.Errorf("store: note sections: %w", err)
	}
	res, err := q.ExecContext(ctx, `UPDATE session_notes SET sections = $1, service_date = $2, duration_minutes = $3, service_type = $4, mood = $5,
		updated_at = $6 WHERE id = $7 AND state = 'draft'`, string(body), n.ServiceDate, n.DurationMinutes, n.ServiceType, nullMood(n.Mood), ms(n.UpdatedAt), n.ID)
	if err != nil {
		return fmt.Errorf("store: update note: %w", err)
	}
	return expectOneOr(res, "update note", model.ErrConflict)
}

// SignNote locks a draft with its signature. Only a draft is signed: of two signatures at once exactly
// one changes the row, and the other gets model.ErrConflict.
func SignNote(ctx context.Context, q Q, n model.Note) error {
	res, err := q.ExecContext(ctx, `UPDATE session_notes SET state = 'signed', signed_at = $1, signed_by = $2, signer_name = $3, signed_content = $4,
		content_sha256 = $5, updated_at = $1 WHERE id = $6 AND state = 'draft'`, ms(n.SignedAt), n.SignedBy, n.SignerName, n.SignedContent, n.ContentSHA256, n.ID)
	if err != nil {
		return fmt.Errorf("store: sign note: %w", err)
	}
	return expectOneOr(res, "sign note", model.ErrConflict)
}

// CosignNote adds the supervisor's co-signature to a signed note that waits for one; a second co-signature
// is model.ErrConflict.
func CosignNote(ctx context.Context, q Q, n model.Note) error {
	res, err := q.ExecContext(ctx, `UPDATE session_notes SET cosigned_at = $1, cosigned_by = $2, cosigner_name = $3
		WHERE id = $4 AND state = 'signed' AND needs_cosign AND cosigned_at IS NULL`, ms(n.CosignedAt), n.CosignedBy, n.CosignerName, n.ID)
	if err != nil {
		return fmt.Errorf("store: co-sign note: %w", err)
	}
	return expectOneOr(res, "co-sign note", model.ErrConflict)
}

func expectOneOr(res sql.Result, what string, none error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("store: %s: %w", what, none)
	}
	return nil
}

// NoteByID returns one note of the practice with its body and addenda, or model.ErrNotFound.
func NoteByID(ctx context.Context, q Q, practiceID, id string) (model.Note, error) {
	var body, signed string
	n, err := scanNoteRow(q.QueryRowContext(ctx, `SELECT `+noteListCols+`, n.sections, n.signed_content`+noteFrom+
		` WHERE n.id = $1 AND n.practice_id = $2`, id, practiceID), &body, &signed)
	if err != nil {
		return n, fmt.Errorf("store: note %s: %w", id, err)
	}
	if err := json.Unmarshal([]byte(body), &n.Sections); err != nil {
		return n, fmt.Errorf("store: note %s sections: %w", id, err)
	}
	n.SignedContent = signed
	if n.Addenda, err = AddendaOf(ctx, q, id); err != nil {
		return n, err
	}
	return n, nil
}

// NoteHead returns a note of the practice without its body (who wrote it, its chart and state), or
// model.ErrNotFound.
func NoteHead(ctx context.Context, q Q, practiceID, id string) (model.Note, error) {
	n, err := scanNoteRow(q.QueryRowContext(ctx, `SELECT `+noteListCols+noteFrom+` WHERE n.id = $1 AND n.practice_id = $2`, id, practiceID))
	if err != nil {
		return n, fmt.Errorf("store: note %s: %w", id, err)
	}
	return n, nil
}

// LockNote holds a note's row until the transaction ends (writing the row takes the lock on both engines).
func LockNote(ctx context.Context, q Q, id string) error {
	if _, err := q.ExecContext(ctx, `UPDATE session_notes SET id = id WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: lock note: %w", err)
	}
	return nil
}

// ListNotes pages a chart's notes newest first (date of service, then id), by key: f.Before for older
// pages, f.Since for newer ones. It reads f.Limit+1 rows so the caller knows whether more follow, and
// never counts the matches. No body is read.
func ListNotes(ctx context.Context, q Q, chartID string, f model.NoteFilter) ([]model.Note, error) {
	args := []any{chartID}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := `n.chart_id = $1`
	if f.State != "" {
		where += ` AND n.state = ` + arg(string(f.State))
	}
	if f.Template != "" {
		where += ` AND n.template = ` + arg(f.Template)
	}
	order := `n.service_date DESC, n.id DESC`
	switch {
	case f.Before != nil:
		d, i := arg(f.Before.ServiceDate), arg(f.Before.ID)
		where += ` AND (n.service_date < ` + d + ` OR (n.service_date = ` + d + ` AND n.id < ` + i + `))`
	case f.Since != nil:
		d, i := arg(f.Since.ServiceDate), arg(f.Since.ID)
		where += ` AND (n.service_date > ` + d + ` OR (n.service_date = ` + d + ` AND n.id > ` + i + `))`
		order = `n.service_date, n.id`
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 25
	}
	rows, err := q.QueryContext(ctx, `SELECT `+noteListCols+noteFrom+` WHERE `+where+` ORDER BY `+order+` LIMIT `+arg(limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list notes: %w", err)
	}
	out, err := scanNotes(rows)
	if err != nil {
		return nil, err
	}
	if f.Since != nil { // read oldest first to page newer; shown newest first
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, nil
}

func scanNotes(rows *sql.Rows) ([]model.Note, error) {
	defer rows.Close()
	var out []model.Note
	for rows.Next() {
		n, err := scanNoteRow(rows)
		if err != nil {
			return nil, fmt.Errorf("store: notes: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// DraftNotes lists a chart's unsigned notes, oldest date of service first, without bodies.
func DraftNotes(ctx context.Context, q Q, chartID string, limit int) ([]model.Note, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+noteListCols+noteFrom+` WHERE n.chart_id = $1 AND n.state = 'draft'
		ORDER BY n.service_date, n.id LIMIT $2`, chartID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: draft notes: %w", err)
	}
	return scanNotes(rows)
}

// LateNotesOf lists the drafts an author has not signed with a date of service on or before cutoff (YYYY-MM-DD),
// oldest first, without bodies.
func LateNotesOf(ctx context.Context, q Q, practiceID, authorID, cutoff string, limit int) ([]model.Note, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+noteListCols+noteFrom+` WHERE n.practice_id = $1 AND n.state = 'draft' AND n.author_id = $2
		AND n.service_date <= $3 ORDER BY n.service_date, n.id LIMIT $4`, practiceID, authorID, cutoff, limit)
	if err != nil {
		return nil, fmt.Errorf("store: late notes: %w", err)
	}
	return scanNotes(rows)
}

// NotesToCosign lists signed notes waiting for a co-signature whose authors the supervisor supervises,
// oldest first, without bodies.
func NotesToCosign(ctx context.Context, q Q, practiceID, supervisorID string, limit int) ([]model.Note, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+noteListCols+noteFrom+` WHERE n.practice_id = $1 AND n.state = 'signed' AND n.needs_cosign
		AND n.cosigned_at IS NULL AND a.supervisor_id = $2 ORDER BY n.signed_at, n.id LIMIT $3`, practiceID, supervisorID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: notes to co-sign: %w", err)
	}
	return scanNotes(rows)
}

// MoodPoint is one mood score of a chart's notes (NT-2).
type MoodPoint struct {
	ServiceDate string
	Mood        int
}

// MoodSeries returns the chart's last limit mood scores, oldest first.
func MoodSeries(ctx context.Context, q Q, chartID string, limit int) ([]MoodPoint, error) {
	rows, err := q.QueryContext(ctx, `SELECT service_date, mood FROM session_notes WHERE chart_id = $1 AND mood IS NOT NULL
		ORDER BY service_date DESC, id DESC LIMIT $2`, chartID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: mood series: %w", err)
	}
	defer rows.Close()
	var out []MoodPoint
	for rows.Next() {
		var p MoodPoint
		if err := rows.Scan(&p.ServiceDate, &p.Mood); err != nil {
			return nil, fmt.Errorf("store: mood series: %w", err)
		}
		out = append([]MoodPoint{p}, out...)
	}
	return out, rows.Err()
}

// InsertAddendum adds an addendum to a note.
func InsertAddendum(ctx context.Context, q Q, practiceID string, a model.Addendum) error {
	_, err := q.ExecContext(ctx, `INSERT INTO note_addenda (id, practice_id, note_id, author_id, reason, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		a.ID, practiceID, a.NoteID, a.AuthorID, a.Reason, a.Body, ms(a.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert addendum: %w", db.Classify(err))
	}
	return nil
}

// AddendaOf lists a note's addenda, oldest first.
func AddendaOf(ctx context.Context, q Q, noteID string) ([]model.Addendum, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.note_id, d.author_id, COALESCE(s.name, ''), d.reason, d.body, d.created_at
		FROM note_addenda d LEFT JOIN staff s ON s.id = d.author_id WHERE d.note_id = $1 ORDER BY d.created_at, d.id`, noteID)
	if err != nil {
		return nil, fmt.Errorf("store: addenda: %w", err)
	}
	defer rows.Close()
	var out []model.Addendum
	for rows.Next() {
		var a model.Addendum
		var at int64
		if err := rows.Scan(&a.ID, &a.NoteID, &a.AuthorID, &a.AuthorName, &a.Reason, &a.Body, &at); err != nil {
			return nil, fmt.Errorf("store: addenda: %w", err)
		}
		a.CreatedAt = fromMS(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// StaffNeedsCosign reports whether a staff member's notes need their supervisor's co-signature, and who
// that supervisor is ("" for none).
func StaffNeedsCosign(ctx context.Context, q Q, practiceID, staffID string) (bool, string, error) {
	var need bool
	var sup sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT notes_need_cosign, supervisor_id FROM staff WHERE id = $1 AND practice_id = $2`, staffID, practiceID).Scan(&need, &sup); err != nil {
		return false, "", fmt.Errorf("store: staff co-sign rule: %w", db.Classify(err))
	}
	return need && sup.String != "", sup.String, nil
}

// SetStaffNeedsCosign turns the co-signature rule of a staff member's notes on or off.
func SetStaffNeedsCosign(ctx context.Context, q Q, practiceID, staffID string, on bool) error {
	res, err := q.ExecContext(ctx, `UPDATE staff SET notes_need_cosign = $1 WHERE id = $2 AND practice_id = $3`, on, staffID, practiceID)
	if err != nil {
		return fmt.Errorf("store: staff co-sign rule: %w", err)
	}
	return expectOne(res, "staff co-sign rule")
}

// NoteTemplatesOf lists a practice's own note templates: document templates of kind "note", not archived.
func NoteTemplatesOf(ctx context.Context, q Q, practiceID string) ([]model.Template, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+templateCols+templateFrom+` WHERE t.practice_id = $1 AND t.kind = $2 AND t.archived_at IS NULL
		ORDER BY t.name, t.id`, practiceID, string(model.TemplateNote))
	if err != nil {
		return nil, fmt.Errorf("store: note templates: %w", err)
	}
	defer rows.Close()
	var out []model.Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, fmt.Errorf("store: note templates: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
