package store

import (
	"context"
	"encoding/json"
	"fmt"

	"tend/internal/model"
)

// Readers for the FHIR R4 export (IM-2): the same statements read one chart's records for its Bundle, or
// a practice's records of one kind a page at a time in id order for the NDJSON export, so an export of
// any size reads in constant memory with one statement a page. Group charts are not patients and are
// left out (their members' own charts are exported).

// FHIRScope picks what one read returns: every record of one chart (ChartID set), or the next page of a
// practice's records after the id After, at most Limit.
type FHIRScope struct {
	PracticeID string
	ChartID    string
	After      string
	Limit      int
}

// clause is the WHERE condition and ORDER BY of a read of table alias a, whose chart column is chartCol.
func (s FHIRScope) clause(a, chartCol string) (string, []any) {
	// A practice has few group charts: leaving them out costs a small list, not one of every chart.
	notGroup := ` AND ` + chartCol + ` NOT IN (SELECT id FROM charts WHERE practice_id = $1 AND kind = 'group')`
	if s.ChartID != "" {
		return a + `.practice_id = $1 AND ` + chartCol + ` = $2` + notGroup + ` ORDER BY ` + a + `.id`, []any{s.PracticeID, s.ChartID}
	}
	limit := s.Limit
	if limit <= 0 {
		limit = 500
	}
	return a + `.practice_id = $1 AND ` + a + `.id > $2` + notGroup + ` ORDER BY ` + a + `.id LIMIT $3`, []any{s.PracticeID, s.After, limit}
}

// readAll runs query and scans every row with scan.
func readAll[T any](ctx context.Context, q Q, what, query string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// FHIRPatients returns the individual and minor charts of the scope (a chart scope names the chart).
func FHIRPatients(ctx context.Context, q Q, s FHIRScope) ([]model.Client, error) {
	where, args := s.clause("c", "c.id")
	return readAll(ctx, q, "fhir patients", `SELECT `+clientCols+clientFrom+` WHERE `+where, args, scanClient)
}

// FHIRContacts returns the contacts of the scope's charts with their persons.
func FHIRContacts(ctx context.Context, q Q, s FHIRScope) ([]model.Contact, error) {
	where, args := s.clause("cc", "cc.chart_id")
	return readAll(ctx, q, "fhir contacts", contactSelect+` WHERE `+where, args, scanContact)
}

// FHIRDiagnoses returns the diagnoses of the scope's charts.
func FHIRDiagnoses(ctx context.Context, q Q, s FHIRScope) ([]model.Diagnosis, error) {
	where, args := s.clause("diagnoses", "diagnoses.chart_id")
	return readAll(ctx, q, "fhir diagnoses", `SELECT `+diagnosisCols+` FROM diagnoses WHERE `+where, args, scanDiagnosis)
}

// FHIRMedications returns the medications of the scope's charts.
func FHIRMedications(ctx context.Context, q Q, s FHIRScope) ([]model.Medication, error) {
	where, args := s.clause("medications", "medications.chart_id")
	return readAll(ctx, q, "fhir medications", `SELECT `+medicationCols+` FROM medications WHERE `+where, args, scanMedication)
}

// FHIRPlan is a treatment plan with what its newest version says.
type FHIRPlan struct {
	model.TreatmentPlan
	Content model.PlanContent
}

// FHIRPlans returns the treatment plans of the scope's charts with their newest versions' content.
func FHIRPlans(ctx context.Context, q Q, s FHIRScope) ([]FHIRPlan, error) {
	where, args := s.clause("p", "p.chart_id")
	return readAll(ctx, q, "fhir plans", `SELECT `+planCols+`, v.content FROM treatment_plans p
		JOIN treatment_plan_versions v ON v.plan_id = p.id AND v.number = p.current_version WHERE `+where, args,
		func(sc scanner) (FHIRPlan, error) {
			var content string
			p, err := scanPlan(sc, &content)
			if err != nil {
				return FHIRPlan{}, err
			}
			out := FHIRPlan{TreatmentPlan: p}
			if err := json.Unmarshal([]byte(content), &out.Content); err != nil {
				return out, fmt.Errorf("plan %s content: %w", p.ID, err)
			}
			return out, nil
		})
}

// FHIRRequests returns the document requests of the scope's charts, with their forms and answers.
func FHIRRequests(ctx context.Context, q Q, s FHIRScope) ([]model.DocumentRequest, error) {
	where, args := s.clause("r", "r.chart_id")
	return readAll(ctx, q, "fhir requests", `SELECT `+requestCols+requestFrom+` WHERE `+where, args, scanRequest)
}

// FHIRAppointments returns the appointments of the scope's charts.
func FHIRAppointments(ctx context.Context, q Q, s FHIRScope) ([]AppointmentRow, error) {
	where, args := s.clause("a", "a.chart_id")
	return readAll(ctx, q, "fhir appointments", `SELECT `+apptCols+apptFrom+` WHERE `+where, args, scanAppointment)
}

// FHIRFiles returns the files of the scope's charts (their rows, not their bytes).
func FHIRFiles(ctx context.Context, q Q, s FHIRScope) ([]model.File, error) {
	where, args := s.clause("files", "files.chart_id")
	return readAll(ctx, q, "fhir files", `SELECT `+fileCols+` FROM files WHERE `+where, args, scanFile)
}
