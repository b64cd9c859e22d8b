package store

import (
	"context"
	"fmt"

	"tend/internal/model"
)

// LookalikePerson returns a person of the practice whose email has the skeleton of email but is another
// address (one indexed lookup), other than the person excludeID; model.ErrNotFound when there is none.
func LookalikePerson(ctx context.Context, q Q, practiceID, email, excludeID string) (model.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personCols+` FROM persons p`+personOwnChart+`
		WHERE p.practice_id = $1 AND p.email_skeleton = $2 AND p.email_norm <> $3 AND p.id <> $4
		ORDER BY p.created_at, p.id LIMIT 1`, practiceID, model.EmailSkeleton(email), model.NormalizeEmail(email), excludeID))
	if err != nil {
		return p, fmt.Errorf("store: lookalike person: %w", err)
	}
	return p, nil
}

// OtherPersonHasEmail reports whether a person of the practice other than excludeID has this very email.
func OtherPersonHasEmail(ctx context.Context, q Q, practiceID, email, excludeID string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons WHERE practice_id = $1 AND email_norm = $2 AND id <> $3`,
		practiceID, model.NormalizeEmail(email), excludeID).Scan(&n); err != nil {
		return false, fmt.Errorf("store: other person has email: %w", err)
	}
	return n > 0, nil
}

// LookalikeStaff returns a staff member of the practice whose email has the skeleton of email but is
// another address; model.ErrNotFound when there is none.
func LookalikeStaff(ctx context.Context, q Q, practiceID, email string) (model.Staff, error) {
	s, err := scanStaff(q.QueryRowContext(ctx, `SELECT `+staffCols+` FROM staff
		WHERE practice_id = $1 AND email_skeleton = $2 AND email_norm <> $3 ORDER BY created_at, id LIMIT 1`,
		practiceID, model.EmailSkeleton(email), model.NormalizeEmail(email)))
	if err != nil {
		return s, fmt.Errorf("store: lookalike staff: %w", err)
	}
	return s, nil
}

// FillEmailSkeletons gives the persons and staff that have an email but no skeleton yet (rows from
// before migration 018, or written by an older binary) theirs, a thousand at a time. The rows are found
// through partial indexes that hold only such rows, so on later starts this costs one empty lookup each.
func FillEmailSkeletons(ctx context.Context, st *Store) error {
	for _, table := range []string{"persons", "staff"} {
		for {
			n, err := fillSkeletons(ctx, st, table)
			if err != nil {
				return err
			}
			if n == 0 {
				break
			}
		}
	}
	return nil
}

// fillSkeletons fills one batch of table and returns how many rows it filled.
func fillSkeletons(ctx context.Context, st *Store, table string) (int, error) {
	type row struct{ id, email string }
	var batch []row
	rows, err := st.R().QueryContext(ctx, `SELECT id, email FROM `+table+`
		WHERE email_norm IS NOT NULL AND email_skeleton IS NULL LIMIT 1000`)
	if err != nil {
		return 0, fmt.Errorf("store: %s without skeleton: %w", table, err)
	}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.email); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: %s without skeleton: %w", table, err)
		}
		batch = append(batch, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: %s without skeleton: %w", table, err)
	}
	err = st.Tx(ctx, func(q Q) error {
		for _, r := range batch {
			sk := model.EmailSkeleton(r.email)
			if sk == "" {
				sk = " " // an email of spaces alone: nothing to compare, never picked up again
			}
			if _, err := q.ExecContext(ctx, `UPDATE `+table+` SET email_skeleton = $1 WHERE id = $2`, sk, r.id); err != nil {
				return fmt.Errorf("store: fill %s skeleton: %w", table, err)
			}
		}
		return nil
	})
	return len(batch), err
}
