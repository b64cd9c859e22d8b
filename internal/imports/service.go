// Package imports runs the CSV client import wizard (IM-1): a file is uploaded and kept, its columns
// mapped, a preview shows what will be stored and every problem, and a durable job imports it in one
// transaction, all or nothing, inviting nobody (PT-2). An import can be undone for a day while nothing
// it created has changed. Owners and admins import (authz.Imports).
package imports

import (
	"context"
	"fmt"
	"sync"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// DefaultMaxMB is the largest file taken when no setting says otherwise (TEND_MAX_IMPORT_MB): about
// 100,000 clients of a typical export.
const DefaultMaxMB = 20

// UndoWindow is how long after it finished an import can be undone.
const UndoWindow = 24 * time.Hour

// Service runs the import use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	Now   func() time.Time
	// MaxBytes caps one uploaded file (0 means DefaultMaxMB).
	MaxBytes int64
	// Queue enqueues the job that carries out a committed import, inside the transaction that commits
	// it (package jobs); nil runs the import at once, in the request.
	Queue func(ctx context.Context, q store.Q, importID string) error
	// OnBatch, when set, is called inside the import's transaction after each batch of clients is
	// written, with how many are written so far; an error stops the import and rolls everything back
	// (tests stop an import mid-way with it).
	OnBatch func(ctx context.Context, importID string, written int) error

	progress sync.Map // import id → *progress, while its job runs in this process
}

type progress struct {
	mu            sync.Mutex
	written, rows int
}

// Limit is the largest file taken, in bytes.
func (s *Service) Limit() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxMB << 20
}

// may answers whether p may do act with imports: owners and admins; anyone else is refused (403).
func may(p model.Principal, act authz.Action) error {
	return authz.Decide(authz.Who{Principal: p}, act, authz.On(authz.Imports))
}

// load returns an import of p's practice that p may act on; another practice's, or a malformed id, is
// model.ErrNotFound.
func (s *Service) load(ctx context.Context, q store.Q, p model.Principal, act authz.Action, importID string, content bool) (model.ClientImport, error) {
	if err := may(p, act); err != nil {
		return model.ClientImport{}, err
	}
	if !id.Valid(importID) {
		return model.ClientImport{}, fmt.Errorf("imports: malformed id: %w", model.ErrNotFound)
	}
	ci, err := store.ClientImportByID(ctx, q, p.PracticeID, importID, content)
	if err != nil {
		return ci, fmt.Errorf("imports: %w", err)
	}
	if err := authz.Decide(authz.Who{Principal: p}, act, authz.Target{Resource: authz.Imports, PracticeID: ci.PracticeID}); err != nil {
		return model.ClientImport{}, err
	}
	return ci, nil
}

// event is the audit event of an import: ids and counts only, never a name from the file.
func (s *Service) event(p model.Principal, action string, ci model.ClientImport) model.AuditEvent {
	return model.AuditEvent{PracticeID: ci.PracticeID, At: s.Now().UTC(), ActorType: model.ActorStaff, ActorID: p.StaffID,
		ActorRole: string(p.Role), Action: action, RecordType: "client_import", RecordID: ci.ID, IP: p.IP, Outcome: model.OutcomeSuccess,
		Detail: fmt.Sprintf("rows=%d created=%d updated=%d skipped=%d", ci.Total, ci.Created, ci.Updated, ci.Skipped)}
}
