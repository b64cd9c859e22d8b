// Package records gathers a chart's whole record for a records request (issue 18, item 2; IM-2): one
// PDF with a cover page, the client's details and contacts, diagnoses, medications, signed session notes,
// treatment plans, completed documents, appointments, and the chart's files listed by name and date.
// Psychotherapy notes are never part of it. Who may make it is package authz's (Records, Export): those
// who read the whole clinical record of the chart. Every download is audited with ids only.
package records

import (
	"context"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/docpdf"
	"tend/internal/model"
	"tend/internal/store"
)

// Service runs the records-request use case.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess
	// Fonts finds fonts for characters the Go fonts lack; nil uses the Go fonts alone.
	Fonts *docpdf.Fonts
}

// ChartAccess is what a records request needs of the client records: the visibility rules and how the
// policy sees a person.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	Who(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }
