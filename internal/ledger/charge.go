package ledger

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/audit"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// SyncCharge keeps an appointment's charge in step with it, inside the transaction q that changed the
// appointment (its status, or its service or time): an attended appointment is charged its service's
// rate and a no-show the practice's no-show fee; any other status, a chart that is not billed, an
// appointment without a service or a charge of 0 has none. A charge that no longer fits (the status moved
// away, or the service or day changed) is reversed by a new entry and, when one is due, a new charge
// follows, so an appointment has at most one live charge. Each entry is audited with ids only. Proves PY-1.
func SyncCharge(ctx context.Context, q store.Q, log *audit.Log, p model.Principal, pr model.Practice, a model.Appointment, now time.Time) error {
	live, err := store.LiveCharge(ctx, q, a.ID)
	hasLive := err == nil
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("ledger: charge: %w", err)
	}
	want, sv, err := chargeOf(ctx, q, pr, a)
	if err != nil {
		return err
	}
	day := a.StartsAt.In(pr.Location()).Format(time.DateOnly)
	reason := ""
	if a.Status == model.AppointmentNoShow {
		reason = "no_show"
	}
	if hasLive && (want == 0 || live.AmountCents != want || live.OnDate != day || live.ServiceName != sv.Name ||
		live.ServiceCode != sv.Code || live.Reason != reason) {
		rev := model.LedgerEntry{ID: id.New(), PracticeID: a.PracticeID, ChartID: live.ChartID, Kind: model.EntryChargeReversal,
			AmountCents: -live.AmountCents, OnDate: live.OnDate, AppointmentID: a.ID, ServiceName: live.ServiceName,
			ServiceCode: live.ServiceCode, Reason: live.Reason, ReversesID: live.ID, CreatedBy: p.StaffID, CreatedAt: now}
		if err := appendAudited(ctx, q, log, p, rev, "ledger.charge_reversal"); err != nil {
			return err
		}
		hasLive = false
	}
	if hasLive || want == 0 {
		return nil
	}
	ch := model.LedgerEntry{ID: id.New(), PracticeID: a.PracticeID, ChartID: a.ChartID, Kind: model.EntryCharge, AmountCents: want,
		OnDate: day, AppointmentID: a.ID, ServiceName: sv.Name, ServiceCode: sv.Code, Reason: reason, CreatedBy: p.StaffID, CreatedAt: now}
	return appendAudited(ctx, q, log, p, ch, "ledger.charge")
}

// chargeOf is what the appointment costs now and its service; 0 for no charge.
func chargeOf(ctx context.Context, q store.Q, pr model.Practice, a model.Appointment) (int64, model.Service, error) {
	if a.ServiceID == "" || (a.Status != model.AppointmentAttended && a.Status != model.AppointmentNoShow) {
		return 0, model.Service{}, nil
	}
	billing, err := store.ChartBilling(ctx, q, a.PracticeID, a.ChartID)
	if err != nil {
		return 0, model.Service{}, fmt.Errorf("ledger: charge: %w", err)
	}
	if billing == model.BillingNone {
		return 0, model.Service{}, nil
	}
	sv, err := store.ServiceByID(ctx, q, a.PracticeID, a.ServiceID)
	if err != nil {
		return 0, sv, fmt.Errorf("ledger: charge: %w", err)
	}
	return pr.ChargeFor(a.Status, sv.RateCents), sv, nil
}

// appendAudited writes an entry and its audit event in q.
func appendAudited(ctx context.Context, q store.Q, log *audit.Log, p model.Principal, e model.LedgerEntry, action string) error {
	stored, err := store.AppendLedgerEntry(ctx, q, e)
	if err != nil {
		return fmt.Errorf("ledger: %s: %w", action, err)
	}
	ev := audit.StaffEvent(p, e.CreatedAt, action, stored.ChartID, recordType, stored.ID)
	if e.AppointmentID != "" {
		ev.Detail = "appointment=" + e.AppointmentID
	}
	if e.ReversesID != "" {
		ev.Detail += " reverses=" + e.ReversesID
	}
	if err := log.Append(ctx, q, ev); err != nil {
		return fmt.Errorf("ledger: %s: %w", action, err)
	}
	return nil
}
