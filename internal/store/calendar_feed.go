package store

import (
	"context"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// CalendarFeed is a staff member's secret calendar feed (AP-2): only the SHA-256 of its token is kept.
type CalendarFeed struct {
	StaffID    string
	PracticeID string
	TokenHash  string
	CreatedAt  time.Time
	Role       model.Role // the staff member's, for the audit log
}

// PutCalendarFeed stores a staff member's feed, replacing the one they had: the old token stops at once.
func PutCalendarFeed(ctx context.Context, q Q, f CalendarFeed) error {
	_, err := q.ExecContext(ctx, `INSERT INTO calendar_feeds (staff_id, practice_id, token_hash, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (staff_id) DO UPDATE SET practice_id = excluded.practice_id, token_hash = excluded.token_hash, created_at = excluded.created_at`,
		f.StaffID, f.PracticeID, f.TokenHash, ms(f.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: put calendar feed: %w", db.Classify(err))
	}
	return nil
}

// CalendarFeedOf returns a staff member's feed, or model.ErrNotFound when they have none.
func CalendarFeedOf(ctx context.Context, q Q, staffID string) (CalendarFeed, error) {
	return scanCalendarFeed(q.QueryRowContext(ctx, `SELECT f.staff_id, f.practice_id, f.token_hash, f.created_at, st.role FROM calendar_feeds f
		JOIN staff st ON st.id = f.staff_id WHERE f.staff_id = $1`, staffID))
}

// CalendarFeedByHash returns the feed of an active staff member whose token has that hash, or
// model.ErrNotFound (no such token, a replaced one, or a deactivated person's).
func CalendarFeedByHash(ctx context.Context, q Q, hash string) (CalendarFeed, error) {
	return scanCalendarFeed(q.QueryRowContext(ctx, `SELECT f.staff_id, f.practice_id, f.token_hash, f.created_at, st.role FROM calendar_feeds f
		JOIN staff st ON st.id = f.staff_id AND st.practice_id = f.practice_id WHERE f.token_hash = $1 AND st.active`, hash))
}

func scanCalendarFeed(s scanner) (CalendarFeed, error) {
	var f CalendarFeed
	var created int64
	var role string
	if err := s.Scan(&f.StaffID, &f.PracticeID, &f.TokenHash, &created, &role); err != nil {
		return f, fmt.Errorf("store: calendar feed: %w", db.Classify(err))
	}
	f.CreatedAt, f.Role = fromMS(created), model.Role(role)
	return f, nil
}

// FeedAppointment is what a calendar feed shows of an appointment: its time, place and status, and
// the client's names only for the feed to shorten to initials. No service, no chart content.
type FeedAppointment struct {
	ID              string
	StartsAt        time.Time
	DurationMinutes int
	LocationKind    string
	Location        string
	Status          model.AppointmentStatus
	UpdatedAt       time.Time
	ChartKind       model.ChartKind
	FirstName       string // the person's, "" for a group chart
	LastName        string
	GroupName       string // a group chart's
}

// FeedAppointments lists a clinician's appointments starting in [from, to) in time order, at most limit
// of them, by the (practice, clinician, start) index.
func FeedAppointments(ctx context.Context, q Q, practiceID, clinicianID string, from, to time.Time, limit int) ([]FeedAppointment, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.starts_at, a.duration_minutes, a.location_kind, a.location, a.status, a.updated_at,
		c.kind, COALESCE(p.first_name, ''), COALESCE(p.last_name, ''), c.group_name
		FROM appointments a JOIN charts c ON c.id = a.chart_id LEFT JOIN persons p ON p.id = c.person_id
		WHERE a.practice_id = $1 AND a.clinician_id = $2 AND a.starts_at >= $3 AND a.starts_at < $4
		ORDER BY a.starts_at, a.id LIMIT $5`, practiceID, clinicianID, ms(from), ms(to), limit)
	if err != nil {
		return nil, fmt.Errorf("store: feed appointments: %w", err)
	}
	defer rows.Close()
	var out []FeedAppointment
	for rows.Next() {
		var a FeedAppointment
		var starts, updated int64
		var status, kind string
		if err := rows.Scan(&a.ID, &starts, &a.DurationMinutes, &a.LocationKind, &a.Location, &status, &updated,
			&kind, &a.FirstName, &a.LastName, &a.GroupName); err != nil {
			return nil, fmt.Errorf("store: feed appointments: %w", err)
		}
		a.StartsAt, a.UpdatedAt, a.Status, a.ChartKind = fromMS(starts), fromMS(updated), model.AppointmentStatus(status), model.ChartKind(kind)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: feed appointments: %w", err)
	}
	return out, nil
}
