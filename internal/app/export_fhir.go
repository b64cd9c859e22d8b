package app

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// exportFHIR writes the practice named by practiceSlug (or the only practice, when the slug is empty) as
// FHIR R4 NDJSON into the folder out, one file per resource type (Patient.ndjson, RelatedPerson.ndjson,
// Condition.ndjson, MedicationStatement.ndjson, CarePlan.ndjson, Questionnaire.ndjson,
// QuestionnaireResponse.ndjson, Appointment.ndjson, DocumentReference.ndjson), in the FHIR Bulk Data
// style (IM-2). The folder is made when missing; a file in its place is refused. The records are read a
// page at a time, so memory stays flat whatever the practice's size; the export is audited with counts.
func exportFHIR(ctx context.Context, a *App, practiceSlug, out string) error {
	if out == "" {
		return errors.New("name the folder to write the NDJSON files in with --out DIR")
	}
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return fmt.Errorf("%s is a file: the FHIR export writes one .ndjson file per resource type into a folder", out)
	}
	pr, err := pickPractice(ctx, a, practiceSlug)
	if err != nil {
		return err
	}
	if _, err := a.FHIR.ExportPractice(ctx, pr.ID, out); err != nil {
		return fmt.Errorf("FHIR export of %s: %w", pr.Slug, err)
	}
	return nil
}
