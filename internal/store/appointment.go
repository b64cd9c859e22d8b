package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// AppointmentRow is an appointment as calendars and lists show it: with its chart's name and assigned
// clinician (what the policy decides by), its clinician's name and its service's name, read in the same
// statement.
type AppointmentRow struct {
	model.Appointment
	ChartName        string
	ChartKind        model.ChartKind
	ChartClinicianID string // the chart's assigned clinician, "" when unassigned
	ClinicianName    string
	ServiceName      string
	ServiceCode      string
}

// apptCols are an appointment's columns with its joins, in scanAppointment's order.
const apptCols = `a.id, a.practice_id, a.chart_id, a.clinician_id, COALESCE(a.service_id, ''), COALESCE(a.series_id, ''),
	COALESCE(a.group_session_id, ''), a.starts_at, a.duration_minutes, a.location_kind, a.location, a.status,
	a.status_changed_at, a.created_by, a.created_at, a.updated_at,
	CASE WHEN c.kind = 'group' THEN c.group_name ELSE COALESCE(p.first_name, '') || ' ' || COALESCE(p.last_name, '') END,
	c.kind, COALESCE(c.assigned_clinician_id, ''), st.name, COALESCE(sv.name, ''), COALESCE(sv.code, '')`

const apptFrom = ` FROM appointments a JOIN charts c ON c.id = a.chart_id LEFT JOIN persons p ON p.id = c.person_id
	JOIN staff st ON st.id = a.clinician_id LEFT JOIN services sv ON sv.id = a.service_id`

func scanAppointment(s scanner) (AppointmentRow, error) {
	var r AppointmentRow
	var status, kind string
	var changed sql.NullInt64
	var starts, created, updated int64
	err := s.Scan(&r.ID, &r.PracticeID, &r.ChartID, &r.ClinicianID, &r.ServiceID, &r.SeriesID, &r.GroupSessionID, &starts,
		&r.DurationMinutes, &r.LocationKind, &r.Location, &status, &changed, &r.CreatedBy, &created, &updated,
		&r.ChartName, &kind, &r.ChartClinicianID, &r.ClinicianName, &r.ServiceName, &r.ServiceCode)
	if err != nil {
		return r, db.Classify(err)
	}
	r.Status, r.ChartKind, r.ChartName = model.AppointmentStatus(status), model.ChartKind(kind), strings.TrimSpace(r.ChartName)
	r.StartsAt, r.StatusChangedAt, r.CreatedAt, r.UpdatedAt = fromMS(starts), fromNullMS(changed), fromMS(created), fromMS(updated)
	return r, nil
}

func scanAppointments(rows *sql.Rows, what string) ([]AppointmentRow, error) {
	defer rows.Close()
	var out []AppointmentRow
	for rows.Next() {
		r, err := scanAppointment(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// InsertAppointmentSeries stores a recurring series' rule; its occurrences follow as appointments.
func InsertAppointmentSeries(ctx context.Context, q Q, s model.AppointmentSeries) error {
	_, err := q.ExecContext(ctx, `INSERT INTO appointment_series (id, practice_id, rrule, first_local, time_zone, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.ID, s.PracticeID, s.RRule, s.FirstLocal, s.TimeZone, s.CreatedBy, ms(s.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert appointment series: %w", db.Classify(err))
	}
	return nil
}

// AppointmentSeriesByID returns a series of the practice, or model.ErrNotFound.
func AppointmentSeriesByID(ctx context.Context, q Q, practiceID, id string) (model.AppointmentSeries, error) {
	var s model.AppointmentSeries
	var created int64
	err := q.QueryRowContext(ctx, `SELECT id, practice_id, rrule, first_local, time_zone, created_by, created_at
		FROM appointment_series WHERE id = $1 AND practice_id = $2`, id, practiceID).
		Scan(&s.ID, &s.PracticeID, &s.RRule, &s.FirstLocal, &s.TimeZone, &s.CreatedBy, &created)
	if err != nil {
		return s, fmt.Errorf("store: appointment series %s: %w", id, db.Classify(err))
	}
	s.CreatedAt = fromMS(created)
	return s, nil
}

// InsertAppointment stores one appointment (one occurrence of a series is one row).
func InsertAppointment(ctx context.Context, q Q, a model.Appointment) error {
	_, err := q.ExecContext(ctx, `INSERT INTO appointments (id, practice_id, chart_id, clinician_id, service_id, series_id,
		group_session_id, starts_at, duration_minutes, location_kind, location, status, status_changed_at, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		a.ID, a.PracticeID, a.ChartID, a.ClinicianID, nullStr(a.ServiceID), nullStr(a.SeriesID), nullStr(a.GroupSessionID),
		ms(a.StartsAt), a.DurationMinutes, a.LocationKind, a.Location, string(a.Status), nullMS(a.StatusChangedAt), a.CreatedBy,
		ms(a.CreatedAt), ms(a.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: insert appointment: %w", db.Classify(err))
	}
	return nil
}

// UpdateAppointment stores an appointment's time, clinician, service, location and status.
func UpdateAppointment(ctx context.Context, q Q, a model.Appointment) error {
	res, err := q.ExecContext(ctx, `UPDATE appointments SET clinician_id = $1, service_id = $2, starts_at = $3, duration_minutes = $4,
		location_kind = $5, location = $6, status = $7, status_changed_at = $8, updated_at = $9 WHERE id = $10 AND practice_id = $11`,
		a.ClinicianID, nullStr(a.ServiceID), ms(a.StartsAt), a.DurationMinutes, a.LocationKind, a.Location, string(a.Status),
		nullMS(a.StatusChangedAt), ms(a.UpdatedAt), a.ID, a.PracticeID)
	if err != nil {
		return fmt.Errorf("store: update appointment: %w", db.Classify(err))
	}
	return expectOne(res, "update appointment")
}

// LockAppointment holds an appointment's row until the transaction ends, so concurrent edits of one
// appointment (or of its series, through its first edited row) queue.
func LockAppointment(ctx context.Context, q Q, practiceID, id string) error {
	res, err := q.ExecContext(ctx, `UPDATE appointments SET id = id WHERE id = $1 AND practice_id = $2`, id, practiceID)
	if err != nil {
		return fmt.Errorf("store: lock appointment: %w", err)
	}
	return expectOneOr(res, "lock appointment", model.ErrNotFound)
}

// AppointmentByID returns one appointment of the practice with its names, or model.ErrNotFound.
func AppointmentByID(ctx context.Context, q Q, practiceID, id string) (AppointmentRow, error) {
	r, err := scanAppointment(q.QueryRowContext(ctx, `SELECT `+apptCols+apptFrom+` WHERE a.id = $1 AND a.practice_id = $2`, id, practiceID))
	if err != nil {
		return r, fmt.Errorf("store: appointment %s: %w", id, err)
	}
	return r, nil
}

// SeriesAppointmentsFrom lists a series' appointments starting at or after from, in time order.
func SeriesAppointmentsFrom(ctx context.Context, q Q, practiceID, seriesID string, from time.Time) ([]AppointmentRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+apptCols+apptFrom+` WHERE a.series_id = $1 AND a.practice_id = $2 AND a.starts_at >= $3
		ORDER BY a.starts_at, a.id`, seriesID, practiceID, ms(from))
	if err != nil {
		return nil, fmt.Errorf("store: series appointments: %w", err)
	}
	return scanAppointments(rows, "series appointments")
}

// GroupSessionAppointments lists the appointments booked together as one group session (GR-6).
func GroupSessionAppointments(ctx context.Context, q Q, practiceID, groupSessionID string) ([]AppointmentRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+apptCols+apptFrom+` WHERE a.group_session_id = $1 AND a.practice_id = $2 ORDER BY a.id`,
		groupSessionID, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: group session: %w", err)
	}
	return scanAppointments(rows, "group session")
}

// maxSpanMS is the longest an appointment lasts, in milliseconds: how far before a window an
// appointment may start and still reach into it.
const maxSpanMS = int64(model.MaxAppointmentMinutes) * 60_000

// ClinicianBusy lists a clinician's appointments that hold their time (not cancelled, not late-cancelled)
// and overlap [from, to), in time order: the double-booking check, by the (practice, clinician, start)
// index over a window bounded by the longest appointment.
func ClinicianBusy(ctx context.Context, q Q, practiceID, clinicianID string, from, to time.Time) ([]AppointmentRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+apptCols+apptFrom+` WHERE a.practice_id = $1 AND a.clinician_id = $2
		AND a.starts_at > $3 AND a.starts_at < $4 AND a.starts_at + a.duration_minutes * 60000 > $5
		AND a.status NOT IN ('cancelled', 'late_cancel') ORDER BY a.starts_at, a.id`,
		practiceID, clinicianID, ms(from)-maxSpanMS, ms(to), ms(from))
	if err != nil {
		return nil, fmt.Errorf("store: clinician busy: %w", err)
	}
	return scanAppointments(rows, "clinician busy")
}

// RangeCursor is where a page of a time range starts: after the appointment starting at At with ID.
type RangeCursor struct {
	At time.Time
	ID string
}

// AppointmentsInRange lists the appointments that overlap [from, to) in time order, of one clinician
// (clinicianID not "") or the whole practice, at most limit of them after the cursor (zero: from the
// start). Each row carries its chart's assigned clinician, so the caller decides visibility per row
// without another statement.
func AppointmentsInRange(ctx context.Context, q Q, practiceID, clinicianID string, from, to time.Time, after RangeCursor, limit int) ([]AppointmentRow, error) {
	args := []any{practiceID, ms(from) - maxSpanMS, ms(to), ms(from)}
	where := `a.practice_id = $1 AND a.starts_at > $2 AND a.starts_at < $3 AND a.starts_at + a.duration_minutes * 60000 > $4`
	if clinicianID != "" {
		args = append(args, clinicianID)
		where += fmt.Sprintf(` AND a.clinician_id = $%d`, len(args))
	}
	if after.ID != "" {
		args = append(args, ms(after.At), after.ID)
		where += fmt.Sprintf(` AND (a.starts_at > $%d OR (a.starts_at = $%d AND a.id > $%d))`, len(args)-1, len(args)-1, len(args))
	}
	args = append(args, limit)
	rows, err := q.QueryContext(ctx, `SELECT `+apptCols+apptFrom+` WHERE `+where+fmt.Sprintf(` ORDER BY a.starts_at, a.id LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("store: appointments in range: %w", err)
	}
	return scanAppointments(rows, "appointments in range")
}

// ChartAppointments lists a chart's appointments newest first, at most limit of them before the cursor
// (zero: from the newest), by the (chart, start) index.
func ChartAppointments(ctx context.Context, q Q, chartID string, before RangeCursor, limit int) ([]AppointmentRow, error) {
	args := []any{chartID}
	where := `a.chart_id = $1`
	if before.ID != "" {
		args = append(args, ms(before.At), before.ID)
		where += ` AND (a.starts_at < $2 OR (a.starts_at = $2 AND a.id < $3))`
	}
	args = append(args, limit)
	rows, err := q.QueryContext(ctx, `SELECT `+apptCols+apptFrom+` WHERE `+where+fmt.Sprintf(` ORDER BY a.starts_at DESC, a.id DESC LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("store: chart appointments: %w", err)
	}
	return scanAppointments(rows, "chart appointments")
}

// ServiceForBooking returns a service's default duration and whether it is archived; a service of
// another practice, or none, is model.ErrNotFound.
func ServiceForBooking(ctx context.Context, q Q, practiceID, id string) (durationMinutes int, archived bool, err error) {
	var at sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT duration_minutes, archived_at FROM services WHERE id = $1 AND practice_id = $2`, id, practiceID).
		Scan(&durationMinutes, &at)
	if err != nil {
		return 0, false, fmt.Errorf("store: service %s: %w", id, db.Classify(err))
	}
	return durationMinutes, at.Valid, nil
}
