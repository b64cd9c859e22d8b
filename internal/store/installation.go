package store

import (
	"context"
	"fmt"
	"time"

	"tend/internal/db"
)

// MarkInstallationSetUp records that setup ran. A second call is model.ErrConflict unless ifAbsent is set.
func MarkInstallationSetUp(ctx context.Context, q Q, at time.Time, ifAbsent bool) error {
	query := `INSERT INTO installation (id, set_up_at) VALUES (1, $1)`
	if ifAbsent {
		query += ` ON CONFLICT (id) DO NOTHING`
	}
	if _, err := q.ExecContext(ctx, query, ms(at)); err != nil {
		return fmt.Errorf("store: mark installation set up: %w", db.Classify(err))
	}
	return nil
}

// InstallationSetUp reports whether setup has run.
func InstallationSetUp(ctx context.Context, q Q) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM installation`).Scan(&n); err != nil {
		return false, fmt.Errorf("store: installation: %w", err)
	}
	return n > 0, nil
}
