package appointments

import (
	"context"
	"time"

	"tend/internal/model"
	"tend/internal/store"
)

// syncReminders rewrites an appointment's reminder rows (AP-1, issue 16, item 5) in the transaction that
// books, moves or changes it, at the practice's lead times: re-timed when it moves, removed when it is no
// longer scheduled. The reminder job (package reminders) sends them.
func syncReminders(ctx context.Context, q store.Q, pr model.Practice, a model.Appointment, now time.Time) error {
	return store.SyncAppointmentReminders(ctx, q, a, pr.ReminderLeadMinutes(), now)
}
