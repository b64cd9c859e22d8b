package audit

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"tend/internal/model"
	"tend/internal/store"
)

// Reader lets owners read and export their practice's audit log.
type Reader struct {
	Store *store.Store
	Log   *Log
	Now   func() time.Time
}

// List returns the principal's practice's events matching f, newest first, and the total matching.
func (r *Reader) List(ctx context.Context, p model.Principal, f model.AuditFilter) ([]model.AuditEvent, int, error) {
	if !p.Role.ReadsAudit() {
		return nil, 0, model.ErrForbidden
	}
	f.PracticeID = p.PracticeID
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return store.ListAuditEvents(ctx, r.Store.R(), f)
}

// Actions lists the actions recorded in the principal's practice, for the filter menu.
func (r *Reader) Actions(ctx context.Context, p model.Principal) ([]string, error) {
	if !p.Role.ReadsAudit() {
		return nil, model.ErrForbidden
	}
	return store.AuditActions(ctx, r.Store.R(), p.PracticeID)
}

// ExportCSV writes every event matching f as CSV (times in UTC, RFC 3339) and records the export itself.
func (r *Reader) ExportCSV(ctx context.Context, p model.Principal, f model.AuditFilter, w io.Writer) error {
	if !p.Role.ReadsAudit() {
		return model.ErrForbidden
	}
	f.PracticeID = p.PracticeID
	f.Limit, f.Offset = 0, 0
	events, _, err := store.ListAuditEvents(ctx, r.Store.R(), f)
	if err != nil {
		return fmt.Errorf("audit: export: %w", err)
	}
	err = r.Store.Tx(ctx, func(q store.Q) error {
		return r.Log.Append(ctx, q, model.AuditEvent{
			PracticeID: p.PracticeID, At: r.Now().UTC(), ActorType: model.ActorStaff, ActorID: p.StaffID,
			ActorRole: string(p.Role), Action: "audit.export", RecordType: "audit_log", IP: p.IP,
			Outcome: model.OutcomeSuccess, Detail: fmt.Sprintf("rows=%d", len(events)),
		})
	})
	if err != nil {
		return fmt.Errorf("audit: recording export: %w", err)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"time", "actor_type", "actor_id", "actor_role", "action", "record_type", "record_id", "chart_id", "ip", "outcome", "detail", "seq", "hash"})
	for _, e := range events {
		_ = cw.Write([]string{e.At.Format(time.RFC3339), e.ActorType, e.ActorID, e.ActorRole, e.Action, e.RecordType,
			e.RecordID, e.ChartID, e.IP, e.Outcome, csvSafe(e.Detail), fmt.Sprint(e.Seq), e.Hash})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}
