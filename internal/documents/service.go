package documents

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/docpdf"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// Service runs the document use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess
	// Reads records read events (views of requests); nil appends each in its own transaction.
	Reads   audit.ReadRecorder
	Mail    *outbox.Outbox
	BaseURL string
	// Fonts draws what the PDF's Go fonts lack; built once per process (nil: the Go fonts alone).
	Fonts *docpdf.Fonts
}

// ChartAccess is what documents need of the client records: the visibility rules.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	VisibilityOf(ctx context.Context, q store.Q, p model.Principal) (store.Visibility, error)
	// UpdateChart changes a chart's fields inside q with every rule of the chart's own edits ("Apply to
	// chart", issue 13, item 10).
	UpdateChart(ctx context.Context, q store.Q, p model.Principal, chartID string, ch model.ClientChange) (model.Client, error)
}

// readsClinical reports whether the principal may see documents' content: billing staff see charts for
// billing, never answers, scores or signed documents.
func readsClinical(p model.Principal) bool {
	return authz.PracticeWide(p, authz.View, authz.DocumentRequests)
}

// errNoClinical answers billing staff like a missing record.
var errNoClinical = fmt.Errorf("documents: not for billing staff: %w", model.ErrNotFound)

// recordRead audits a read that changed nothing.
func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// event starts an audit event acted by a staff member.
func (s *Service) event(p model.Principal, action, recordType, recordID string) model.AuditEvent {
	return model.AuditEvent{PracticeID: p.PracticeID, At: s.now(), ActorType: model.ActorStaff, ActorID: p.StaffID,
		ActorRole: string(p.Role), Action: action, RecordType: recordType, RecordID: recordID, IP: p.IP, Outcome: model.OutcomeSuccess}
}

// managesTemplates reports whether p may change the template library: everyone who sees clients.
func managesTemplates(p model.Principal) bool {
	return authz.PracticeWide(p, authz.Change, authz.DocumentTemplates)
}

// ensureBuiltins gives the practice the built-in templates it does not have yet (DC-1), and keeps its
// consent's cancellation policy the one in its settings. Two requests at once may both try; the loser's
// conflict is harmless.
func (s *Service) ensureBuiltins(ctx context.Context, practiceID string) error {
	pr, err := store.PracticeByID(ctx, s.Store.R(), practiceID)
	if err != nil {
		return err
	}
	have, err := store.BuiltinKeys(ctx, s.Store.R(), practiceID)
	if err != nil {
		return err
	}
	var missing []Builtin
	for _, b := range Builtins() {
		if !have[b.Key] {
			if b.Key == "consent" {
				b.Fields = WithPolicy(b.Fields, pr.CancellationPolicy)
			}
			missing = append(missing, b)
		}
	}
	if len(missing) == 0 {
		return s.syncConsent(ctx, pr)
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		now := s.now()
		for _, b := range missing {
			t := model.Template{ID: id.New(), PracticeID: practiceID, BuiltinKey: b.Key, Kind: b.Kind, Name: b.Name, Description: b.Description,
				Scoring: b.Scoring, Version: 1, Fields: b.Fields, CreatedAt: now, UpdatedAt: now}
			if err := store.InsertTemplate(ctx, q, t, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, model.ErrConflict) {
		return fmt.Errorf("documents: built-in templates: %w", err)
	}
	return s.syncConsent(ctx, pr)
}
