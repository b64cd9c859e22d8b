package fhir

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/icd10"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Service runs the FHIR use cases: a chart's Bundle, the practice's NDJSON export and the import.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess
	// Codes is the ICD-10-CM list: it names a diagnosis's code in the export and checks it on import.
	Codes *icd10.Index
	// Clients creates and updates the chart an import brings, with New client's validation.
	Clients ClientWriter
	// Clinical adds the imported diagnoses and medications with the Clinical tab's validation.
	Clinical ClinicalWriter
	// PageSize is how many records of one kind the practice export reads per statement; 0 is
	// ExportPageSize.
	PageSize int
}

// ChartAccess is what FHIR needs of the client records: the visibility rules.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	ChartWho(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
}

// Audit actions.
const (
	actionChartExport    = "chart.fhir.export"
	actionPracticeExport = "practice.fhir.export"
	actionImport         = "chart.fhir.import"
)

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// today is the practice's calendar day.
func (s *Service) today(ctx context.Context, q store.Q, practiceID string) (string, error) {
	pr, err := store.PracticeByID(ctx, q, practiceID)
	if err != nil {
		return "", fmt.Errorf("fhir: loading practice: %w", err)
	}
	return s.Now().In(pr.Location()).Format(time.DateOnly), nil
}

// describe fills in a diagnosis code's official description.
func (s *Service) describe(ds []model.Diagnosis) {
	if s.Codes == nil {
		return
	}
	for i := range ds {
		if c, ok := s.Codes.Lookup(ds[i].Code); ok {
			ds[i].Description = c.Description
		}
	}
}

// ErrGroupChart is a group chart asked for as a patient: FHIR exports its members' own charts.
var ErrGroupChart = model.FieldError("id", "A couple or family chart is not one patient: export each member's own chart.")

// ChartBundle returns a chart's record as a FHIR R4 Bundle of type collection. It asks for what reading
// the chart's clinical information asks (billing never; admins when the practice allows; a supervisor
// their supervisees'), answers another practice's or an unreachable chart as model.ErrNotFound, and
// audits the read like a chart read (ids only).
func (s *Service) ChartBundle(ctx context.Context, p model.Principal, chartID string) (Bundle, error) {
	if !id.Valid(chartID) {
		return Bundle{}, fmt.Errorf("fhir: malformed chart id: %w", model.ErrNotFound)
	}
	q := s.Store.R()
	c, err := s.open(ctx, q, p, chartID)
	if err != nil {
		return Bundle{}, fmt.Errorf("fhir: chart bundle: %w", s.denied(ctx, p, actionChartExport, chartID, err))
	}
	if c.Kind == model.KindGroup {
		return Bundle{}, ErrGroupChart
	}
	today, err := s.today(ctx, q, p.PracticeID)
	if err != nil {
		return Bundle{}, err
	}
	b := Bundle{ResourceType: "Bundle", ID: id.New(), Type: "collection", Timestamp: instant(s.now())}
	err = s.each(ctx, q, Mapper{Today: today}, store.FHIRScope{PracticeID: p.PracticeID, ChartID: chartID}, map[string]bool{},
		func(_ string, r any) error {
			b.Entry = append(b.Entry, BundleEntry{Resource: r})
			return nil
		})
	if err != nil {
		return Bundle{}, err
	}
	e := audit.StaffEvent(p, s.now(), actionChartExport, chartID, "chart", chartID)
	e.Detail = fmt.Sprintf("resources=%d", len(b.Entry))
	return b, audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// open loads a chart the person reaches and whose clinical information they may read.
func (s *Service) open(ctx context.Context, q store.Q, p model.Principal, chartID string) (model.Client, error) {
	c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
	if err != nil {
		return c, err
	}
	who, err := s.Charts.ChartWho(ctx, q, p)
	if err != nil {
		return c, err
	}
	// The Bundle holds diagnoses, plans, answers and files: each must be the person's to read.
	for _, r := range []authz.Resource{authz.ClinicalInfo, authz.Contacts, authz.TreatmentPlans, authz.DocumentRequests, authz.Appointments, authz.Files} {
		if err := authz.Decide(who, authz.View, authz.InChart(r, c)); err != nil {
			return c, &deniedError{err: err}
		}
	}
	return c, nil
}

// deniedError is a chart the person reaches whose clinical content the policy keeps from them: it
// answers as the policy says (not found or forbidden) and is audited as a denied attempt.
type deniedError struct{ err error }

func (e *deniedError) Error() string { return "fhir: " + e.err.Error() }

// Unwrap answers as the policy's error.
func (e *deniedError) Unwrap() error { return e.err }

// denied records a refused attempt on a chart, the policy's or the chart rules', and returns err.
func (s *Service) denied(ctx context.Context, p model.Principal, action, chartID string, err error) error {
	var de *deniedError
	if !errors.As(err, &de) {
		return s.Charts.AuditDenied(ctx, p, action, chartID, err)
	}
	e := audit.StaffEvent(p, s.now(), action, chartID, "chart", chartID)
	e.Outcome = model.OutcomeDenied
	if rerr := audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// ResourceTypes are the resource types Tend exports, in the order a Bundle lists them.
var ResourceTypes = []string{"Patient", "RelatedPerson", "Condition", "MedicationStatement", "CarePlan", "Questionnaire",
	"QuestionnaireResponse", "Appointment", "DocumentReference"}

// each reads the scope's records kind by kind and hands every mapped resource to emit with its type.
// A practice scope is read a page at a time (scope.Limit); questionnaires already emitted (by id in
// seenForms) are not emitted again.
func (s *Service) each(ctx context.Context, q store.Q, m Mapper, scope store.FHIRScope, seenForms map[string]bool, emit func(string, any) error) error {
	if err := eachPage(ctx, q, scope, store.FHIRPatients, func(c model.Client) string { return c.ID }, func(c model.Client) error {
		return emit("Patient", m.Patient(c))
	}); err != nil {
		return err
	}
	if err := eachPage(ctx, q, scope, store.FHIRContacts, func(c model.Contact) string { return c.ID }, func(c model.Contact) error {
		return emit("RelatedPerson", m.RelatedPerson(c))
	}); err != nil {
		return err
	}
	if err := eachPage(ctx, q, scope, func(ctx context.Context, q store.Q, sc store.FHIRScope) ([]model.Diagnosis, error) {
		ds, err := store.FHIRDiagnoses(ctx, q, sc)
		s.describe(ds)
		return ds, err
	}, func(d model.Diagnosis) string { return d.ID }, func(d model.Diagnosis) error {
		return emit("Condition", m.Condition(d))
	}); err != nil {
		return err
	}
	if err := eachPage(ctx, q, scope, store.FHIRMedications, func(x model.Medication) string { return x.ID }, func(x model.Medication) error {
		return emit("MedicationStatement", m.MedicationStatement(x))
	}); err != nil {
		return err
	}
	if err := eachPage(ctx, q, scope, store.FHIRPlans, func(x store.FHIRPlan) string { return x.ID }, func(x store.FHIRPlan) error {
		return emit("CarePlan", m.CarePlan(x))
	}); err != nil {
		return err
	}
	// Questionnaires first (one per form version), then the responses that point at them.
	var responses []model.DocumentRequest
	if err := eachPage(ctx, q, scope, store.FHIRRequests, func(x model.DocumentRequest) string { return x.ID }, func(x model.DocumentRequest) error {
		if !ExportsResponse(x) {
			return nil
		}
		if qid := QuestionnaireID(x.TemplateID, x.Version); !seenForms[qid] {
			seenForms[qid] = true
			if err := emit("Questionnaire", m.Questionnaire(x)); err != nil {
				return err
			}
		}
		if scope.ChartID != "" {
			responses = append(responses, x)
			return nil
		}
		return emit("QuestionnaireResponse", m.QuestionnaireResponse(x))
	}); err != nil {
		return err
	}
	for _, x := range responses {
		if err := emit("QuestionnaireResponse", m.QuestionnaireResponse(x)); err != nil {
			return err
		}
	}
	if err := eachPage(ctx, q, scope, store.FHIRAppointments, func(x store.AppointmentRow) string { return x.ID }, func(x store.AppointmentRow) error {
		return emit("Appointment", m.Appointment(x))
	}); err != nil {
		return err
	}
	return eachPage(ctx, q, scope, store.FHIRFiles, func(x model.File) string { return x.ID }, func(x model.File) error {
		return emit("DocumentReference", m.DocumentReference(x))
	})
}

// eachPage reads a chart's records in one statement, or a practice's a page at a time after the last
// id, and calls fn on each.
func eachPage[T any](ctx context.Context, q store.Q, scope store.FHIRScope, read func(context.Context, store.Q, store.FHIRScope) ([]T, error),
	key func(T) string, fn func(T) error) error {
	scope.After = ""
	for {
		page, err := read(ctx, q, scope)
		if err != nil {
			return err
		}
		for _, v := range page {
			if err := fn(v); err != nil {
				return err
			}
		}
		if scope.ChartID != "" || len(page) == 0 || len(page) < scope.Limit {
			return nil
		}
		scope.After = key(page[len(page)-1])
		if err := ctx.Err(); err != nil {
			return errors.Join(errors.New("fhir: export stopped"), err)
		}
	}
}
