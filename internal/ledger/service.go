// Package ledger holds the use cases of a chart's money (PY-1, issue 16, item 9): the charges that
// attended and no-show appointments make at their service's rate, payments (cash, check, card, other) and
// adjustments staff record, voids and reversals as new entries (the ledger is append-only), the timeline
// with its running balance, and the statement PDF for a date range. Money is integer cents. Every rule of
// who may do what is a row of package authz (Ledger); every read and change is audited with ids only.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/docpdf"
	"tend/internal/icd10"
	"tend/internal/model"
	"tend/internal/store"
)

// Service runs the ledger use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess
	// Fonts draws what the PDF's Go fonts lack (nil: the Go fonts alone).
	Fonts *docpdf.Fonts
	// Codes is the ICD-10-CM list: a statement names each diagnosis code officially (nil: as stored).
	Codes *icd10.Index
}

// ChartAccess is what the ledger needs of the client records: the visibility rules and how the policy
// sees a person.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	Who(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
}

// recordType is how the audit log names a ledger entry.
const recordType = "ledger_entry"

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// event starts an audit event about an entry (or, with entryID "", about the chart's ledger).
func (s *Service) event(p model.Principal, action, chartID, entryID string) model.AuditEvent {
	return audit.StaffEvent(p, s.now(), action, chartID, recordType, entryID)
}

func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// denied audits a refused attempt (a hidden chart or a forbidden change) and returns err wrapped with the action.
func (s *Service) denied(ctx context.Context, p model.Principal, action, chartID string, err error) error {
	if chartID != "" && (errors.Is(err, model.ErrForbidden) || errors.Is(err, model.ErrNotFound)) {
		err = s.Charts.AuditDenied(ctx, p, action, chartID, err)
	}
	return fmt.Errorf("ledger: %s: %w", action, err)
}

// reach is a chart the person reached, and how the policy sees them.
type reach struct {
	chart model.Client
	who   authz.Who
}

// Caps are what the person may do with a chart's ledger, for pages and API answers.
type Caps struct {
	View   bool // the timeline, the balance and statements
	Record bool // record payments and adjustments, void payments
}

func capsOf(r reach) Caps {
	t := authz.InChart(authz.Ledger, r.chart)
	return Caps{View: authz.Can(r.who, authz.View, t), Record: authz.Can(r.who, authz.Create, t)}
}

// CapsOn answers Caps for a chart the person already opened.
func (s *Service) CapsOn(ctx context.Context, p model.Principal, c model.Client) (Caps, error) {
	who, err := s.Charts.Who(ctx, s.Store.R(), p)
	if err != nil {
		return Caps{}, fmt.Errorf("ledger: caps: %w", err)
	}
	return capsOf(reach{chart: c, who: who}), nil
}

// open reaches a chart and asks the policy for act on its ledger: a chart out of reach answers
// model.ErrNotFound; a refused change model.ErrForbidden.
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
	return r, authz.Decide(who, act, authz.InChart(authz.Ledger, c))
}

// today is the practice's current date, YYYY-MM-DD, and the practice.
func (s *Service) today(ctx context.Context, q store.Q, practiceID string) (model.Practice, string, error) {
	pr, err := store.PracticeByID(ctx, q, practiceID)
	if err != nil {
		return pr, "", err
	}
	return pr, s.Now().In(pr.Location()).Format(time.DateOnly), nil
}
