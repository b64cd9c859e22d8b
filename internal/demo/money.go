package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"tend/internal/appointments"
	"tend/internal/ledger"
	"tend/internal/model"
	"tend/internal/store"
)

// The money of the demo's record (PY-1, issue 16, items 9 and 10). Charges come from the appointments'
// statuses through appointments.SetStatus, as in use; payments and adjustments through package ledger,
// on the recorder's clock. A separate random source keeps the clinical record what it was before money.

// billing is a chart's money plan: whether its newest sessions stay unpaid, and how it pays.
type billing struct {
	owes      int // how many of the newest charges stay unpaid
	insurance bool
}

func (r *recorder) billingOf(c model.Client) billing {
	b := billing{insurance: c.BillingType == model.BillingInsurance}
	if r.mrng.IntN(3) == 0 {
		b.owes = 1 + r.mrng.IntN(2)
	}
	return b
}

// pay plans the payment of an appointment's charge a few days after it, unless the chart owes it: a
// card, check or cash payment of the whole; for an insurance client the payer's 80 % and the copay.
func (r *recorder) pay(c model.Client, p model.Principal, apptID *string, after time.Time, b billing) {
	at := after.Add(time.Duration(20+r.mrng.IntN(90)) * time.Hour)
	if !at.Before(r.latest().Add(-time.Hour)) {
		return
	}
	method := pick(r.mrng, []string{model.MethodCard, model.MethodCard, model.MethodCheck, model.MethodCash})
	ref := ""
	if method == model.MethodCheck {
		ref = fmt.Sprintf("check %d", 1000+r.mrng.IntN(9000))
	}
	r.plan(at, func(ctx context.Context) error {
		ch, err := store.LiveCharge(ctx, r.svc.Accounts.Store.R(), *apptID)
		if errors.Is(err, model.ErrNotFound) {
			return nil // not billed, no service, or a no-show without a fee
		}
		if err != nil {
			return err
		}
		day := r.clock.In(r.practice.Location()).Format(time.DateOnly)
		amount := ch.AmountCents
		if b.insurance {
			payer := amount * 8 / 10
			if _, err := r.ledger.RecordPayment(ctx, p, c.ID, ledger.PaymentInput{AmountCents: &payer, Method: model.MethodOther,
				ReceivedOn: day, Reference: "insurer, by EOB"}); err != nil {
				return err
			}
			amount -= payer
		}
		_, err = r.ledger.RecordPayment(ctx, p, c.ID, ledger.PaymentInput{AmountCents: &amount, Method: method, ReceivedOn: day, Reference: ref})
		return err
	})
}

// missed plans a no-show (charged the practice's no-show fee) and, on every other chart, a late cancel,
// each an appointment of its own between two of the chart's sessions, booked a week ahead.
func (r *recorder) missed(c model.Client, p model.Principal, sessions []time.Time, duration int, b billing) {
	if len(sessions) < 4 {
		return
	}
	plan := func(at time.Time, status model.AppointmentStatus) {
		if !at.Add(time.Duration(duration) * time.Minute).Before(r.latest().Add(-time.Hour)) {
			return
		}
		var apptID string
		start := at.UTC().Format(time.RFC3339)
		r.plan(at.AddDate(0, 0, -7), func(ctx context.Context) error {
			bk, err := r.appts.Book(ctx, p, appointments.BookInput{ChartIDs: []string{c.ID}, ClinicianID: p.StaffID, ServiceID: c.DefaultServiceID,
				Start: start, DurationMinutes: &duration, ConfirmOverlap: true})
			if err == nil && len(bk.Appointments) > 0 {
				apptID = bk.Appointments[0].ID
			}
			return err
		})
		when := at.Add(time.Duration(duration) * time.Minute) // a no-show is marked once the time has passed
		if status == model.AppointmentLateCancel {
			when = at.Add(-3 * time.Hour)
		}
		r.plan(when, func(ctx context.Context) error {
			_, err := r.appts.SetStatus(ctx, p, apptID, status, "")
			return err
		})
		if status == model.AppointmentNoShow && r.mrng.IntN(2) == 0 {
			r.pay(c, p, &apptID, when, b)
		}
	}
	k := len(sessions) / 2
	plan(sessions[k].AddDate(0, 0, 3), model.AppointmentNoShow)
	if r.mrng.IntN(2) == 0 {
		plan(sessions[k/2].AddDate(0, 0, 2), model.AppointmentLateCancel)
	}
}

// groupSessions books one weekly group (the group service, several of the first clinician's clients at
// once, GR-6) for the six weeks before last week: each client attends and is charged on their own chart,
// one misses a session, and most pay.
func (r *recorder) groupSessions(ctx context.Context, clinician string, charts []model.Client) error {
	if r.appts == nil || len(charts) < 3 {
		return nil
	}
	charts = charts[:min(4, len(charts))]
	svcs, err := store.ListServices(ctx, r.svc.Accounts.Store.R(), r.practice.ID, false)
	if err != nil {
		return err
	}
	groupID := ""
	for _, sv := range svcs {
		if sv.Group {
			groupID = sv.ID
		}
	}
	if groupID == "" {
		return nil
	}
	p := r.people[clinician]
	loc := r.practice.Location()
	local := r.now.In(loc).AddDate(0, 0, -7*7)
	first := time.Date(local.Year(), local.Month(), local.Day(), 17, 30, 0, 0, loc)
	for first.Weekday() != time.Thursday {
		first = first.AddDate(0, 0, 1)
	}
	var chartIDs []string
	for _, c := range charts {
		chartIDs = append(chartIDs, c.ID)
	}
	minutes := 90
	byStart := map[int][]string{} // the week's appointments, by week
	chartOf := map[string]string{}
	start := first.UTC().Format(time.RFC3339)
	r.plan(first.AddDate(0, 0, -7), func(ctx context.Context) error {
		bk, err := r.appts.Book(ctx, p, appointments.BookInput{ChartIDs: chartIDs, ClinicianID: p.StaffID, ServiceID: groupID, Start: start,
			DurationMinutes: &minutes, ConfirmOverlap: true, Recurrence: &appointments.Recurrence{Frequency: appointments.FrequencyWeekly, Count: 6}})
		for _, a := range bk.Appointments {
			week := int((a.StartsAt.Sub(first).Hours() + 12) / (24 * 7)) // rounded: a daylight-saving change moves it an hour
			byStart[week] = append(byStart[week], a.ID)
			chartOf[a.ID] = a.ChartID
		}
		return err
	})
	for week := range 6 {
		end := first.AddDate(0, 0, 7*week).Add(time.Duration(minutes) * time.Minute)
		if !end.Before(r.latest().Add(-time.Hour)) {
			break
		}
		r.plan(end, func(ctx context.Context) error {
			for i, id := range byStart[week] {
				status := model.AppointmentAttended
				if week == 2 && i == 0 {
					status = model.AppointmentNoShow
				}
				if _, err := r.appts.SetStatus(ctx, p, id, status, ""); err != nil {
					return err
				}
			}
			return nil
		})
		for i := range charts {
			if week >= 4 && i == 1 {
				continue // this client still owes the last two sessions
			}
			r.plan(end.Add(time.Duration(24+i)*time.Hour), func(ctx context.Context) error {
				ids := byStart[week]
				if i >= len(ids) {
					return nil
				}
				apptID := ids[i]
				ch, err := store.LiveCharge(ctx, r.svc.Accounts.Store.R(), apptID)
				if errors.Is(err, model.ErrNotFound) {
					return nil
				}
				if err != nil {
					return err
				}
				amount := ch.AmountCents
				day := r.clock.In(loc).Format(time.DateOnly)
				_, err = r.ledger.RecordPayment(ctx, p, chartOf[apptID], ledger.PaymentInput{AmountCents: &amount, Method: model.MethodCard, ReceivedOn: day})
				return err
			})
		}
	}
	return nil
}

// newMoneyRand is the money plan's own random source.
func newMoneyRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed^0x6d6f6e6579, seed+16)) }
