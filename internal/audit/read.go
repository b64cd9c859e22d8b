package audit

import (
	"context"
	"fmt"
	"io"
	"time"

	"tend/internal/authz"
	"tend/internal/csvsafe"
	"tend/internal/model"
	"tend/internal/store"
)

// Reader lets owners read and export their practice's audit log.
type Reader struct {
	Store *store.Store
	Log   *Log
	Now   func() time.Time
	// Flush, when set, brings waiting events into the log before it is read (see Spool).
	Flush func(context.Context) error
}

// Actions lists the actions recorded in the principal's practice, for the filter menu.
func (r *Reader) Actions(ctx context.Context, p model.Principal) ([]string, error) {
	if !authz.PracticeWide(p, authz.List, authz.AuditLog) {
		return nil, model.ErrForbidden
	}
	if err := r.flush(ctx); err != nil {
		return nil, err
	}
	return store.AuditActions(ctx, r.Store.R(), p.PracticeID)
}

// flush brings waiting read events into the log, when there is a spool.
func (r *Reader) flush(ctx context.Context) error {
	if r.Flush == nil {
		return nil
	}
	if err := r.Flush(ctx); err != nil {
		return fmt.Errorf("audit: bringing waiting events in: %w", err)
	}
	return nil
}

// ExportCSV writes every event matching q as CSV (times in UTC, RFC 3339) and records the export itself.
// The file is formula-safe and starts with a UTF-8 BOM (package csvsafe).
func (r *Reader) ExportCSV(ctx context.Context, p model.Principal, q Query, w io.Writer) error {
	if !authz.PracticeWide(p, authz.Export, authz.AuditLog) {
		return model.ErrForbidden
	}
	f, err := r.filter(ctx, p, q)
	if err != nil {
		return err
	}
	events, _, err := store.ListAuditEvents(ctx, r.Store.R(), f)
	if err != nil {
		return fmt.Errorf("audit: export: %w", err)
	}
	err = r.Store.Tx(ctx, func(tx store.Q) error {
		return r.Log.Append(ctx, tx, model.AuditEvent{
			PracticeID: p.PracticeID, At: r.Now().UTC(), ActorType: model.ActorStaff, ActorID: p.StaffID,
			ActorRole: string(p.Role), Action: "audit.export", RecordType: "audit_log", IP: p.IP,
			Outcome: model.OutcomeSuccess, Detail: fmt.Sprintf("rows=%d", len(events)),
		})
	})
	if err != nil {
		return fmt.Errorf("audit: recording export: %w", err)
	}
	cw := csvsafe.NewWriter(w)
	_ = cw.Write([]string{"time", "actor_type", "actor_id", "actor_role", "action", "record_type", "record_id", "chart_id", "ip", "outcome", "detail", "seq", "hash"})
	for _, e := range events {
		_ = cw.Write([]string{e.At.Format(time.RFC3339), e.ActorType, e.ActorID, e.ActorRole, e.Action, e.RecordType,
			e.RecordID, e.ChartID, e.IP, e.Outcome, e.Detail, fmt.Sprint(e.Seq), e.Hash})
	}
	return cw.Flush()
}
