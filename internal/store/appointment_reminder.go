package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"tend/internal/model"
)

// Appointment reminders (AP-1, issue 16, item 5): a row per scheduled appointment and lead time, due at
// its start less the lead. The rows are written with the appointment; the reminder job claims due ones.

// SyncAppointmentReminders makes an appointment's reminder rows match it, in the transaction that
// stores it: a scheduled appointment gets a row per lead time (in minutes) whose time is still ahead of
// now, and keeps a row it already has at the same time, sent or not, so an edit that does not move it
// sends nothing twice; a moved one gets its rows again at the new times; an appointment that is no longer
// scheduled keeps only the rows already sent.
func SyncAppointmentReminders(ctx context.Context, q Q, a model.Appointment, leadMinutes []int, now time.Time) error {
	if a.Status != model.AppointmentScheduled {
		if _, err := q.ExecContext(ctx, `DELETE FROM appointment_reminders WHERE appointment_id = $1 AND sent_at IS NULL`, a.ID); err != nil {
			return fmt.Errorf("store: cancel reminders: %w", err)
		}
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT lead_minutes, due_at FROM appointment_reminders WHERE appointment_id = $1`, a.ID)
	if err != nil {
		return fmt.Errorf("store: reminders of appointment: %w", err)
	}
	have := map[int]int64{}
	for rows.Next() {
		var lead int
		var due int64
		if err := rows.Scan(&lead, &due); err != nil {
			rows.Close()
			return fmt.Errorf("store: reminders of appointment: %w", err)
		}
		have[lead] = due
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: reminders of appointment: %w", err)
	}
	start := ms(a.StartsAt)
	for lead, due := range have {
		if slices.Contains(leadMinutes, lead) && due == start-int64(lead)*60_000 {
			continue
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM appointment_reminders WHERE appointment_id = $1 AND lead_minutes = $2`, a.ID, lead); err != nil {
			return fmt.Errorf("store: re-time reminder: %w", err)
		}
		delete(have, lead)
	}
	for _, lead := range leadMinutes {
		due := start - int64(lead)*60_000
		if _, ok := have[lead]; ok || due <= ms(now) {
			continue
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO appointment_reminders (appointment_id, lead_minutes, due_at) VALUES ($1, $2, $3)`,
			a.ID, lead, due); err != nil {
			return fmt.Errorf("store: insert reminder: %w", err)
		}
	}
	return nil
}

// AppointmentReminder is one reminder row.
type AppointmentReminder struct {
	AppointmentID string
	LeadMinutes   int
	DueAt         time.Time
	SentAt        time.Time // zero until claimed
	Emailed       int
}

// RemindersOfAppointment lists an appointment's reminder rows, the earliest due first.
func RemindersOfAppointment(ctx context.Context, q Q, apptID string) ([]AppointmentReminder, error) {
	rows, err := q.QueryContext(ctx, `SELECT appointment_id, lead_minutes, due_at, sent_at, emailed FROM appointment_reminders
		WHERE appointment_id = $1 ORDER BY due_at`, apptID)
	if err != nil {
		return nil, fmt.Errorf("store: reminders of appointment: %w", err)
	}
	defer rows.Close()
	var out []AppointmentReminder
	for rows.Next() {
		var r AppointmentReminder
		var due int64
		var sent sql.NullInt64
		if err := rows.Scan(&r.AppointmentID, &r.LeadMinutes, &due, &sent, &r.Emailed); err != nil {
			return nil, fmt.Errorf("store: reminders of appointment: %w", err)
		}
		r.DueAt, r.SentAt = fromMS(due), fromNullMS(sent)
		out = append(out, r)
	}
	return out, rows.Err()
}

// DueReminder is a reminder whose time has come, with its appointment.
type DueReminder struct {
	LeadMinutes int
	Appointment AppointmentRow
}

// DueReminders lists at most limit unsent reminders due at or before now, the earliest first, with their
// appointments: by the partial index on due_at of unsent rows, so the work is the due reminders' alone.
func DueReminders(ctx context.Context, q Q, now time.Time, limit int) ([]DueReminder, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.lead_minutes, `+apptCols+` FROM appointment_reminders r
		JOIN appointments a ON a.id = r.appointment_id JOIN charts c ON c.id = a.chart_id LEFT JOIN persons p ON p.id = c.person_id
		JOIN staff st ON st.id = a.clinician_id LEFT JOIN services sv ON sv.id = a.service_id
		WHERE r.sent_at IS NULL AND r.due_at <= $1 ORDER BY r.due_at, r.appointment_id, r.lead_minutes LIMIT $2`, ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("store: due reminders: %w", err)
	}
	defer rows.Close()
	var out []DueReminder
	for rows.Next() {
		var d DueReminder
		a, err := scanAppointment(leadFirst{rows, &d.LeadMinutes})
		if err != nil {
			return nil, fmt.Errorf("store: due reminders: %w", err)
		}
		d.Appointment = a
		out = append(out, d)
	}
	return out, rows.Err()
}

// leadFirst scans one leading column into first, then the rest as the wrapped scanner would.
type leadFirst struct {
	s     scanner
	first any
}

func (p leadFirst) Scan(dest ...any) error { return p.s.Scan(append([]any{p.first}, dest...)...) }

// ClaimReminder marks a reminder sent, unless it already is (another instance, or a run before a
// restart, claimed it), and says whether this call claimed it. Claim in the transaction that queues the
// emails: the claim and the emails commit together or not at all.
func ClaimReminder(ctx context.Context, q Q, apptID string, leadMinutes int, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE appointment_reminders SET sent_at = $1 WHERE appointment_id = $2 AND lead_minutes = $3 AND sent_at IS NULL`,
		ms(now), apptID, leadMinutes)
	if err != nil {
		return false, fmt.Errorf("store: claim reminder: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim reminder: %w", err)
	}
	return n == 1, nil
}

// SetReminderEmailed records how many emails a claimed reminder queued.
func SetReminderEmailed(ctx context.Context, q Q, apptID string, leadMinutes, emailed int) error {
	if _, err := q.ExecContext(ctx, `UPDATE appointment_reminders SET emailed = $1 WHERE appointment_id = $2 AND lead_minutes = $3`,
		emailed, apptID, leadMinutes); err != nil {
		return fmt.Errorf("store: reminder emailed: %w", err)
	}
	return nil
}

// ReminderRecipient is a person an appointment reminder goes to.
type ReminderRecipient struct {
	PersonID string
	Email    string
}

// ReminderRecipients lists who gets a chart's appointment reminders, each address once: the client of an
// individual or minor chart, the chart's contacts whose reminder flag is on (MN-2, CT-2), and a group
// chart's members whose reminder flag is on (GR-4). People without an email are left out.
func ReminderRecipients(ctx context.Context, q Q, chartID string) ([]ReminderRecipient, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.email, 0 FROM charts c JOIN persons p ON p.id = c.person_id
			WHERE c.id = $1 AND c.kind <> 'group' AND p.email <> ''
		UNION ALL SELECT p.id, p.email, 1 FROM chart_contacts cc JOIN persons p ON p.id = cc.person_id
			WHERE cc.chart_id = $1 AND cc.receives_reminders AND p.email <> ''
		UNION ALL SELECT p.id, p.email, 2 FROM group_members gm JOIN charts m ON m.id = gm.member_chart_id JOIN persons p ON p.id = m.person_id
			WHERE gm.group_chart_id = $1 AND gm.receives_reminders AND m.record_state <> 'archived' AND p.email <> ''
		ORDER BY 3, 1`, chartID)
	if err != nil {
		return nil, fmt.Errorf("store: reminder recipients: %w", err)
	}
	defer rows.Close()
	var out []ReminderRecipient
	seen := map[string]bool{}
	for rows.Next() {
		var r ReminderRecipient
		var order int
		if err := rows.Scan(&r.PersonID, &r.Email, &order); err != nil {
			return nil, fmt.Errorf("store: reminder recipients: %w", err)
		}
		if key := model.Fold(r.Email); !seen[key] {
			seen[key] = true
			out = append(out, r)
		}
	}
	return out, rows.Err()
}

// UpcomingChartAppointments lists a chart's scheduled appointments starting at or after from, the
// soonest first, at most limit: the portal's "Upcoming appointments" (PT-9), by the (chart, start) index.
func UpcomingChartAppointments(ctx context.Context, q Q, chartID string, from time.Time, limit int) ([]AppointmentRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+apptCols+apptFrom+` WHERE a.chart_id = $1 AND a.starts_at >= $2 AND a.status = 'scheduled'
		ORDER BY a.starts_at, a.id LIMIT $3`, chartID, ms(from), limit)
	if err != nil {
		return nil, fmt.Errorf("store: upcoming appointments: %w", err)
	}
	return scanAppointments(rows, "upcoming appointments")
}
