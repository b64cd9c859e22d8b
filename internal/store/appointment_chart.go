package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/model"
)

// NextChartAppointment returns a chart's first scheduled appointment starting at or after from, by the
// (chart, start) index; ok is false when there is none.
func NextChartAppointment(ctx context.Context, q Q, chartID string, from time.Time) (AppointmentRow, bool, error) {
	r, err := scanAppointment(q.QueryRowContext(ctx, `SELECT `+apptCols+apptFrom+` WHERE a.chart_id = $1 AND a.starts_at >= $2
		AND a.status = 'scheduled' ORDER BY a.starts_at, a.id LIMIT 1`, chartID, ms(from)))
	if errors.Is(err, model.ErrNotFound) {
		return AppointmentRow{}, false, nil
	}
	if err != nil {
		return AppointmentRow{}, false, fmt.Errorf("store: next chart appointment: %w", err)
	}
	return r, true, nil
}

// ChartHasAppointment reports whether a chart has any appointment that is not cancelled (a late cancel
// still counts: the session was booked).
func ChartHasAppointment(ctx context.Context, q Q, chartID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM appointments WHERE chart_id = $1 AND status <> 'cancelled' LIMIT 1) x`, chartID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: chart has appointment: %w", err)
	}
	return n > 0, nil
}
