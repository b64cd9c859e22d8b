package appointments

import (
	"context"
	"fmt"
	"slices"

	"tend/internal/authz"
	"tend/internal/ledger"
	"tend/internal/model"
	"tend/internal/store"
)

// SetStatus records how an appointment went: attended, no-show, late cancel, cancelled, or back to
// scheduled. Attended and no-show wait until the appointment has started. Cancelling with ScopeFollowing
// cancels the series' later scheduled occurrences too, all or nothing; the earlier ones stay. A group
// session's clients each have their own status. Proves AP-1.
func (s *Service) SetStatus(ctx context.Context, p model.Principal, apptID string, status model.AppointmentStatus, scope string) (Changed, error) {
	const action = "appointment.status"
	var out Changed
	var chartID string
	err := s.Store.Tx(ctx, func(q store.Q) error {
		o, err := s.open(ctx, q, p, apptID, authz.Change)
		chartID = o.row.ChartID
		if err != nil {
			return err
		}
		if !slices.Contains(model.AppointmentStatuses(), status) {
			return model.FieldError("status", "Choose scheduled, attended, no_show, late_cancel or cancelled.")
		}
		if scopeOf(scope) == ScopeFollowing && status != model.AppointmentCancelled {
			return model.FieldError("scope", "Only a cancellation reaches the following appointments; mark the others one by one.")
		}
		if err := store.LockAppointment(ctx, q, p.PracticeID, apptID); err != nil {
			return err
		}
		if o.row, err = store.AppointmentByID(ctx, q, p.PracticeID, apptID); err != nil {
			return err
		}
		now := s.now()
		if (status == model.AppointmentAttended || status == model.AppointmentNoShow) && o.row.StartsAt.After(now) {
			return model.FieldError("status", "This appointment has not started yet: mark it attended or no-show once it has.")
		}
		prac, loc, err := practice(ctx, q, p)
		if err != nil {
			return err
		}
		targets := []store.AppointmentRow{o.row}
		if scopeOf(scope) == ScopeFollowing {
			if targets, err = s.scoped(ctx, q, o, ScopeFollowing); err != nil {
				return err
			}
		} else if scopeOf(scope) != ScopeThis {
			return model.FieldError("scope", "Choose this (this appointment) or following (this one and the later ones of its series).")
		}
		perChart := map[string]int{}
		for i := range targets {
			a := &targets[i].Appointment
			if a.Status == status {
				continue
			}
			charged := a.Status == model.AppointmentAttended || a.Status == model.AppointmentNoShow
			a.Status, a.StatusChangedAt, a.UpdatedAt = status, now, now
			if err := store.UpdateAppointment(ctx, q, *a); err != nil {
				return err
			}
			if err := syncReminders(ctx, q, prac, *a, now); err != nil {
				return err
			}
			// PY-1: attended and no-show appointments are charged; moving away reverses the charge. Only
			// those two statuses ever hold one, so a change between the others touches no ledger.
			if charged || status == model.AppointmentAttended || status == model.AppointmentNoShow {
				if err := ledger.SyncCharge(ctx, q, s.Audit, p, prac, *a, now); err != nil {
					return err
				}
			}
			perChart[a.ChartID]++
		}
		if len(perChart) == 0 {
			perChart[o.row.ChartID] = 0
		}
		if err := s.auditChange(ctx, q, p, action, o.row, perChart, fmt.Sprintf("status=%s scope=%s", status, scopeOf(scope))); err != nil {
			return err
		}
		out, err = s.reread(ctx, q, p, targets, loc)
		return err
	})
	if err != nil {
		return Changed{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}
