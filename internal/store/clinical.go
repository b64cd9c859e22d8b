package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// Clinical information of a chart (CL-8): diagnoses, medications, the history and concerns texts, and
// the revisions every change writes.

const diagnosisCols = `id, practice_id, chart_id, revision_id, code, label, is_primary, onset_date, status, resolved_date,
	COALESCE(created_by, ''), created_at, updated_at`

func scanDiagnosis(s scanner) (model.Diagnosis, error) {
	var d model.Diagnosis
	var status string
	var created, updated int64
	if err := s.Scan(&d.ID, &d.PracticeID, &d.ChartID, &d.RevisionID, &d.Code, &d.Label, &d.Primary, &d.OnsetDate, &status,
		&d.ResolvedDate, &d.CreatedBy, &created, &updated); err != nil {
		return d, db.Classify(err)
	}
	d.Status, d.CreatedAt, d.UpdatedAt = model.DiagnosisStatus(status), fromMS(created), fromMS(updated)
	return d, nil
}

// DiagnosesOf returns a chart's diagnoses, oldest first.
func DiagnosesOf(ctx context.Context, q Q, chartID string) ([]model.Diagnosis, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+diagnosisCols+` FROM diagnoses WHERE chart_id = $1 ORDER BY created_at, id`, chartID)
	if err != nil {
		return nil, fmt.Errorf("store: diagnoses: %w", err)
	}
	defer rows.Close()
	var out []model.Diagnosis
	for rows.Next() {
		d, err := scanDiagnosis(rows)
		if err != nil {
			return nil, fmt.Errorf("store: diagnoses: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DiagnosisByID returns a diagnosis of the chart, or model.ErrNotFound.
func DiagnosisByID(ctx context.Context, q Q, chartID, id string) (model.Diagnosis, error) {
	d, err := scanDiagnosis(q.QueryRowContext(ctx, `SELECT `+diagnosisCols+` FROM diagnoses WHERE id = $1 AND chart_id = $2`, id, chartID))
	if err != nil {
		return d, fmt.Errorf("store: diagnosis: %w", err)
	}
	return d, nil
}

// CountDiagnoses is how many diagnoses a chart holds.
func CountDiagnoses(ctx context.Context, q Q, chartID string) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM diagnoses WHERE chart_id = $1`, chartID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count diagnoses: %w", err)
	}
	return n, nil
}

// ClearPrimary takes the primary mark off the chart's diagnoses but keep, and returns the ids it was
// taken from, so their revisions can be written.
func ClearPrimary(ctx context.Context, q Q, chartID, keep string, at time.Time) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM diagnoses WHERE chart_id = $1 AND is_primary AND id <> $2`, chartID, keep)
	if err != nil {
		return nil, fmt.Errorf("store: primary diagnoses: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: primary diagnoses: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		if _, err := q.ExecContext(ctx, `UPDATE diagnoses SET is_primary = FALSE, updated_at = $1 WHERE chart_id = $2 AND is_primary AND id <> $3`,
			ms(at), chartID, keep); err != nil {
			return nil, fmt.Errorf("store: clear primary: %w", err)
		}
	}
	return ids, nil
}

// InsertDiagnosis adds a diagnosis; a second active primary on the chart is model.ErrConflict.
func InsertDiagnosis(ctx context.Context, q Q, d model.Diagnosis) error {
	_, err := q.ExecContext(ctx, `INSERT INTO diagnoses (id, practice_id, chart_id, revision_id, code, label, is_primary, onset_date, status,
		resolved_date, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		d.ID, d.PracticeID, d.ChartID, d.RevisionID, d.Code, d.Label, d.Primary, d.OnsetDate, string(d.Status), d.ResolvedDate,
		nullStr(d.CreatedBy), ms(d.CreatedAt), ms(d.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: insert diagnosis: %w", db.Classify(err))
	}
	return nil
}

// UpdateDiagnosis stores a diagnosis's new values and revision.
func UpdateDiagnosis(ctx context.Context, q Q, d model.Diagnosis) error {
	res, err := q.ExecContext(ctx, `UPDATE diagnoses SET revision_id = $1, code = $2, label = $3, is_primary = $4, onset_date = $5, status = $6,
		resolved_date = $7, updated_at = $8 WHERE id = $9 AND chart_id = $10`, d.RevisionID, d.Code, d.Label, d.Primary, d.OnsetDate,
		string(d.Status), d.ResolvedDate, ms(d.UpdatedAt), d.ID, d.ChartID)
	if err != nil {
		return fmt.Errorf("store: update diagnosis: %w", db.Classify(err))
	}
	return expectOne(res, "update diagnosis")
}

// DeleteDiagnosis removes a diagnosis from the chart; its revisions stay as its history.
func DeleteDiagnosis(ctx context.Context, q Q, chartID, id string) error {
	res, err := q.ExecContext(ctx, `DELETE FROM diagnoses WHERE id = $1 AND chart_id = $2`, id, chartID)
	if err != nil {
		return fmt.Errorf("store: delete diagnosis: %w", err)
	}
	return expectOne(res, "delete diagnosis")
}

const medicationCols = `id, practice_id, chart_id, revision_id, name, dose, frequency, prescriber, start_date, stop_date,
	COALESCE(created_by, ''), created_at, updated_at`

func scanMedication(s scanner) (model.Medication, error) {
	var m model.Medication
	var created, updated int64
	if err := s.Scan(&m.ID, &m.PracticeID, &m.ChartID, &m.RevisionID, &m.Name, &m.Dose, &m.Frequency, &m.Prescriber, &m.StartDate,
		&m.StopDate, &m.CreatedBy, &created, &updated); err != nil {
		return m, db.Classify(err)
	}
	m.CreatedAt, m.UpdatedAt = fromMS(created), fromMS(updated)
	return m, nil
}

// MedicationsOf returns a chart's medications, oldest first.
func MedicationsOf(ctx context.Context, q Q, chartID string) ([]model.Medication, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+medicationCols+` FROM medications WHERE chart_id = $1 ORDER BY created_at, id`, chartID)
	if err != nil {
		return nil, fmt.Errorf("store: medications: %w", err)
	}
	defer rows.Close()
	var out []model.Medication
	for rows.Next() {
		m, err := scanMedication(rows)
		if err != nil {
			return nil, fmt.Errorf("store: medications: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MedicationByID returns a medication of the chart, or model.ErrNotFound.
func MedicationByID(ctx context.Context, q Q, chartID, id string) (model.Medication, error) {
	m, err := scanMedication(q.QueryRowContext(ctx, `SELECT `+medicationCols+` FROM medications WHERE id = $1 AND chart_id = $2`, id, chartID))
	if err != nil {
		return m, fmt.Errorf("store: medication: %w", err)
	}
	return m, nil
}

// CountMedications is how many medications a chart holds.
func CountMedications(ctx context.Context, q Q, chartID string) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM medications WHERE chart_id = $1`, chartID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count medications: %w", err)
	}
	return n, nil
}

// InsertMedication adds a medication.
func InsertMedication(ctx context.Context, q Q, m model.Medication) error {
	_, err := q.ExecContext(ctx, `INSERT INTO medications (id, practice_id, chart_id, revision_id, name, dose, frequency, prescriber, start_date,
		stop_date, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		m.ID, m.PracticeID, m.ChartID, m.RevisionID, m.Name, m.Dose, m.Frequency, m.Prescriber, m.StartDate, m.StopDate,
		nullStr(m.CreatedBy), ms(m.CreatedAt), ms(m.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: insert medication: %w", db.Classify(err))
	}
	return nil
}

// UpdateMedication stores a medication's new values and revision.
func UpdateMedication(ctx context.Context, q Q, m model.Medication) error {
	res, err := q.ExecContext(ctx, `UPDATE medications SET revision_id = $1, name = $2, dose = $3, frequency = $4, prescriber = $5,
		start_date = $6, stop_date = $7, updated_at = $8 WHERE id = $9 AND chart_id = $10`, m.RevisionID, m.Name, m.Dose, m.Frequency,
		m.Prescriber, m.StartDate, m.StopDate, ms(m.UpdatedAt), m.ID, m.ChartID)
	if err != nil {
		return fmt.Errorf("store: update medication: %w", db.Classify(err))
	}
	return expectOne(res, "update medication")
}

// DeleteMedication removes a medication from the chart; its revisions stay as its history.
func DeleteMedication(ctx context.Context, q Q, chartID, id string) error {
	res, err := q.ExecContext(ctx, `DELETE FROM medications WHERE id = $1 AND chart_id = $2`, id, chartID)
	if err != nil {
		return fmt.Errorf("store: delete medication: %w", err)
	}
	return expectOne(res, "delete medication")
}

// ClinicalSummaryOf returns a chart's history and concerns; a chart where neither was written gets an
// empty summary with no revision.
func ClinicalSummaryOf(ctx context.Context, q Q, chartID string) (model.ClinicalSummary, error) {
	s := model.ClinicalSummary{ChartID: chartID}
	var updated int64
	err := q.QueryRowContext(ctx, `SELECT revision_id, history, concerns, COALESCE(updated_by, ''), updated_at FROM clinical_summaries
		WHERE chart_id = $1`, chartID).Scan(&s.RevisionID, &s.History, &s.Concerns, &s.UpdatedBy, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("store: clinical summary: %w", err)
	}
	s.UpdatedAt = fromMS(updated)
	return s, nil
}

// SaveClinicalSummary stores a chart's history and concerns.
func SaveClinicalSummary(ctx context.Context, q Q, practiceID string, s model.ClinicalSummary) error {
	_, err := q.ExecContext(ctx, `INSERT INTO clinical_summaries (chart_id, practice_id, revision_id, history, concerns, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (chart_id) DO UPDATE SET revision_id = excluded.revision_id,
		history = excluded.history, concerns = excluded.concerns, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		s.ChartID, practiceID, s.RevisionID, s.History, s.Concerns, nullStr(s.UpdatedBy), ms(s.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: save clinical summary: %w", db.Classify(err))
	}
	return nil
}

// ClinicalRevision is one stored version of a diagnosis, a medication or a chart's summary.
type ClinicalRevision struct {
	ID, PracticeID, ChartID string
	Kind                    string // diagnosis | medication | summary
	RecordID                string
	PreviousID              string
	Data                    string // the values after the change, as JSON
	Removed                 bool
	AuthorID                string
	CreatedAt               time.Time
}

// InsertClinicalRevision adds a revision; revisions are never changed.
func InsertClinicalRevision(ctx context.Context, q Q, r ClinicalRevision) error {
	_, err := q.ExecContext(ctx, `INSERT INTO clinical_revisions (id, practice_id, chart_id, kind, record_id, previous_id, data, removed, author_id,
		created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, r.ID, r.PracticeID, r.ChartID, r.Kind, r.RecordID, r.PreviousID,
		r.Data, r.Removed, nullStr(r.AuthorID), ms(r.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert clinical revision: %w", db.Classify(err))
	}
	return nil
}

// ClinicalRevisionsOf returns a record's revisions, oldest first.
func ClinicalRevisionsOf(ctx context.Context, q Q, recordID string) ([]ClinicalRevision, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, practice_id, chart_id, kind, record_id, previous_id, data, removed, COALESCE(author_id, ''),
		created_at FROM clinical_revisions WHERE record_id = $1 ORDER BY created_at, id`, recordID)
	if err != nil {
		return nil, fmt.Errorf("store: clinical revisions: %w", err)
	}
	defer rows.Close()
	var out []ClinicalRevision
	for rows.Next() {
		var r ClinicalRevision
		var at int64
		if err := rows.Scan(&r.ID, &r.PracticeID, &r.ChartID, &r.Kind, &r.RecordID, &r.PreviousID, &r.Data, &r.Removed, &r.AuthorID, &at); err != nil {
			return nil, fmt.Errorf("store: clinical revisions: %w", err)
		}
		r.CreatedAt = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
