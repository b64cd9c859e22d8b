// Package plans holds the use cases of treatment plans (TP-1, TP-2, PT-10): a chart's plans, each saved
// change an immutable version with its author and time, restoring an old version as a new one, the
// clinician's signature and the client's (the SHA-256 of the version's exact content), sharing to the
// portal, objectives measured by the chart's real scores, and review dates. Every rule of who may do
// what is a row of package authz (TreatmentPlans); every read and change is audited with ids only.
package plans

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/docpdf"
	"tend/internal/icd10"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/plangen"
	"tend/internal/store"
)

// Service runs the treatment-plan use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess
	// Scores returns the chart's latest perSeries scored documents of each assessment, oldest first
	// (documents.Service.ScoreHistory); nil shows objectives without progress.
	Scores func(ctx context.Context, p model.Principal, chartID string, perSeries int) ([]model.DocumentRequest, error)
	// Mood returns the chart's recent session mood scores, oldest first (notes.Service.Mood); a person
	// who may not read notes gets model.ErrNotFound, and drafts are made without mood.
	Mood func(ctx context.Context, p model.Principal, chartID string) ([]int, error)
	// Drafts makes generated drafts (TP-2): the built-in generator, and the language-model endpoint when
	// the installation configures one.
	Drafts *plangen.Generator
	// Codes is the ICD-10-CM list: a plan's version copies each diagnosis's official description.
	Codes *icd10.Index
	// Fonts draws what the PDF's Go fonts lack (nil: the Go fonts alone).
	Fonts *docpdf.Fonts
	// Render turns a narrative's Markdown into sanitized HTML (headings, lists, emphasis, links); nil
	// shows it as escaped text.
	Render func(src string) template.HTML
	// Mail queues the review reminders (nil sends none); BaseURL is where their links point.
	Mail    *outbox.Outbox
	BaseURL string
}

// ChartAccess is what plans need of the client records: the visibility rules and how the policy sees a person.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	Who(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
}

// recordType is how the audit log names a plan.
const recordType = "treatment_plan"

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// event starts an audit event about a plan (or, with planID "", the chart's plans).
func (s *Service) event(p model.Principal, action, chartID, planID string) model.AuditEvent {
	return audit.StaffEvent(p, s.now(), action, chartID, recordType, planID)
}

func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// denied audits a refused attempt (a hidden chart or a forbidden change) and returns err wrapped with the action.
func (s *Service) denied(ctx context.Context, p model.Principal, action, chartID string, err error) error {
	if errors.Is(err, model.ErrForbidden) || errors.Is(err, model.ErrNotFound) {
		err = s.Charts.AuditDenied(ctx, p, action, chartID, err)
	}
	return fmt.Errorf("plans: %s: %w", action, err)
}

// reach is a chart the person reached, and how the policy sees them.
type reach struct {
	chart model.Client
	who   authz.Who
}

func (r reach) may(act authz.Action) bool {
	return authz.Can(r.who, act, authz.InChart(authz.TreatmentPlans, r.chart))
}

// Caps are what the person may do with a chart's plans, for pages and API answers to show or hide actions.
type Caps struct {
	View   bool // read plans, versions, diffs and PDFs
	Change bool // create, save, restore, generate, share, close
	Sign   bool // sign a version as its clinician
}

func capsOf(r reach) Caps {
	return Caps{View: r.may(authz.View), Change: r.may(authz.Change), Sign: r.may(authz.Sign)}
}

// CapsOn answers Caps for a chart the person already opened.
func (s *Service) CapsOn(ctx context.Context, p model.Principal, c model.Client) (Caps, error) {
	who, err := s.Charts.Who(ctx, s.Store.R(), p)
	if err != nil {
		return Caps{}, fmt.Errorf("plans: caps: %w", err)
	}
	return capsOf(reach{chart: c, who: who}), nil
}

// open reaches a chart and asks the policy for act on its plans: a chart out of reach, or plans kept from
// the role, answer model.ErrNotFound; a refused change model.ErrForbidden.
func (s *Service) open(ctx context.Context, q store.Q, p model.Principal, chartID string, act authz.Action) (reach, error) {
	c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
	if err != nil {
		return reach{}, err
	}
	who, err := s.Charts.Who(ctx, q, p)
	if err != nil {
		return reach{}, err
	}
	r := reach{chart: c, who: who}
	return r, authz.Decide(who, act, authz.InChart(authz.TreatmentPlans, c))
}

// loadPlan reads a plan of the reached chart; another chart's plan answers like a missing one. With lock,
// the plan's row is held until the transaction ends.
func loadPlan(ctx context.Context, q store.Q, r reach, planID string, lock bool) (model.TreatmentPlan, error) {
	if !id.Valid(planID) {
		return model.TreatmentPlan{}, fmt.Errorf("plans: malformed plan id: %w", model.ErrNotFound)
	}
	pl, err := store.PlanByID(ctx, q, r.chart.PracticeID, planID)
	if err != nil {
		return pl, err
	}
	if pl.ChartID != r.chart.ID {
		return model.TreatmentPlan{}, fmt.Errorf("plans: plan %s is on another chart: %w", planID, model.ErrNotFound)
	}
	if lock {
		if err := store.LockPlan(ctx, q, planID); err != nil {
			return pl, err
		}
		// Read again under the lock: a save that held it first may have moved the plan on.
		return store.PlanByID(ctx, q, r.chart.PracticeID, planID)
	}
	return pl, nil
}

// openLocked opens a chart for act on its plans, then locks and reads one of its plans, for a change made
// in transaction q: concurrent saves, signatures and shares of the plan queue on the lock.
func (s *Service) openLocked(ctx context.Context, q store.Q, p model.Principal, chartID, planID string, act authz.Action) (reach, model.TreatmentPlan, error) {
	r, err := s.open(ctx, q, p, chartID, act)
	if err != nil {
		return r, model.TreatmentPlan{}, err
	}
	pl, err := loadPlan(ctx, q, r, planID, true)
	return r, pl, err
}

// openPlan opens a chart to read its plans and reads one of them.
func (s *Service) openPlan(ctx context.Context, q store.Q, p model.Principal, chartID, planID string) (reach, model.TreatmentPlan, error) {
	r, err := s.open(ctx, q, p, chartID, authz.View)
	if err != nil {
		return r, model.TreatmentPlan{}, err
	}
	pl, err := loadPlan(ctx, q, r, planID, false)
	return r, pl, err
}

// practiceToday is the practice's current date, YYYY-MM-DD, and the practice.
func (s *Service) practiceToday(ctx context.Context, q store.Q, practiceID string) (model.Practice, string, error) {
	pr, err := store.PracticeByID(ctx, q, practiceID)
	if err != nil {
		return pr, "", err
	}
	return pr, s.Now().In(pr.Location()).Format(time.DateOnly), nil
}

// startOf is a plan's first day in the practice's calendar: no target or review date may come before it.
func startOf(pl model.TreatmentPlan, pr model.Practice) string {
	return pl.CreatedAt.In(pr.Location()).Format(time.DateOnly)
}

// errClosed refuses a change to a closed plan.
var errClosed = &model.ConflictError{Message: "This plan is closed. Reopen it to change, sign or share it."}
