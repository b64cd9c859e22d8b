package app

import (
	"context"
	"errors"
)

// exportFHIR writes the practice's FHIR R4 resources to out; a stub until FHIR export is built.
func exportFHIR(ctx context.Context, a *App, practiceSlug, out string) error {
	return errors.New("FHIR export is not built yet")
}
