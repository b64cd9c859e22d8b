package reminders_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// BenchmarkReminderScan measures one run of the reminder job on SQLite with 10 reminders due, beside no
// other appointment and beside 20,000 whose reminders are still to come: the run reads the due rows by the
// partial index and sends those, so its time follows the due reminders, not the calendar (issue 16, speed).
// Run: go test -run '^$' -bench ReminderScan ./internal/reminders/
// Proves AP-1.
func BenchmarkReminderScan(b *testing.B) {
	for _, stored := range []int{0, 20_000} {
		b.Run(fmt.Sprintf("calendar=%d", stored), func(b *testing.B) { benchScan(b, stored) })
	}
}

func benchScan(b *testing.B, stored int) {
	ctx := context.Background()
	d, _ := testdb.CountingSQLite(b)
	h := apptest.New(b, d)
	_, owner := h.Setup()
	first, last, email := "Robin", "Rivera", "robin@example.org"
	c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last, Email: &email, AssignedClinicianID: &owner.ID})
	if err != nil {
		b.Fatal(err)
	}
	now := h.Clock.Now()
	insert := func(n int, from time.Time) {
		err := h.App.Reminders.Store.Tx(ctx, func(q store.Q) error {
			for i := range n {
				start := from.Add(time.Duration(i) * 25 * time.Minute)
				a := model.Appointment{ID: id.New(), PracticeID: owner.PracticeID, ChartID: c.ID, ClinicianID: owner.ID, StartsAt: start,
					DurationMinutes: 20, LocationKind: model.LocationOffice, Status: model.AppointmentScheduled, CreatedBy: owner.ID, CreatedAt: now, UpdatedAt: now}
				if err := store.InsertAppointment(ctx, q, a); err != nil {
					return err
				}
				if err := store.SyncAppointmentReminders(ctx, q, a, []int{24 * 60}, now.Add(-48*time.Hour)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	insert(stored, now.Add(72*time.Hour))
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		insert(10, now.Add(time.Hour)) // due now: 24 h lead, starting within the day
		b.StartTimer()
		n, err := h.App.Reminders.SendDue(ctx)
		if err != nil || n != 10 {
			b.Fatal(fmt.Sprint(n, err))
		}
	}
}

// A read of due reminders shaped like the job's (store.DueReminders) searches the partial index of unsent rows by due time (SQLite's plan),
// never a scan of the reminders or the appointments.
// Proves AP-1.
func TestDueRemindersUseTheIndex(t *testing.T) {
	t.Parallel()
	d, _ := testdb.CountingSQLite(t)
	h := apptest.New(t, d)
	h.Setup()
	rows, err := d.R.QueryContext(context.Background(), `EXPLAIN QUERY PLAN SELECT r.lead_minutes FROM appointment_reminders r
		JOIN appointments a ON a.id = r.appointment_id WHERE r.sent_at IS NULL AND r.due_at <= 1 ORDER BY r.due_at LIMIT 100`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	plan := ""
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "\n"
	}
	if !strings.Contains(plan, "USING INDEX appointment_reminders_due") || strings.Contains(plan, "SCAN a") || strings.Contains(plan, "SCAN r") {
		t.Fatalf("plan:\n%s", plan)
	}
}
