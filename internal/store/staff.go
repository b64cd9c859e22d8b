package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

const staffCols = `id, practice_id, email, name, role, supervisor_id, active, must_change_password, created_at, updated_at, two_step_since, notes_need_cosign`

func scanStaff(s scanner, extra ...any) (model.Staff, error) {
	var m model.Staff
	var role string
	var sup sql.NullString
	var created, updated int64
	var twoStep sql.NullInt64
	dest := append([]any{&m.ID, &m.PracticeID, &m.Email, &m.Name, &role, &sup, &m.Active, &m.MustChangePassword, &created, &updated, &twoStep, &m.NotesNeedCosign}, extra...)
	if err := s.Scan(dest...); err != nil {
		return m, db.Classify(err)
	}
	m.Role = model.Role(role)
	m.SupervisorID = sup.String
	m.CreatedAt = fromMS(created)
	m.UpdatedAt = fromMS(updated)
	m.TwoStepSince = fromNullMS(twoStep)
	return m, nil
}

// InsertStaff adds a staff member with a password hash. An email already in use is model.ErrConflict.
func InsertStaff(ctx context.Context, q Q, s model.Staff, passwordHash string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO staff (id, practice_id, email, email_norm, name, role, password_hash, must_change_password, supervisor_id, active, created_at, updated_at, email_skeleton)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		s.ID, s.PracticeID, s.Email, model.NormalizeEmail(s.Email), s.Name, string(s.Role), passwordHash,
		s.MustChangePassword, nullStr(s.SupervisorID), s.Active, ms(s.CreatedAt), ms(s.UpdatedAt), nullSkeleton(s.Email))
	if err != nil {
		return fmt.Errorf("store: insert staff: %w", db.Classify(err))
	}
	return nil
}

// StaffByID returns a staff member of the practice, or model.ErrNotFound (also when they work elsewhere).
func StaffByID(ctx context.Context, q Q, practiceID, id string) (model.Staff, error) {
	s, err := scanStaff(q.QueryRowContext(ctx, `SELECT `+staffCols+` FROM staff WHERE id = $1 AND practice_id = $2`, id, practiceID))
	if err != nil {
		return s, fmt.Errorf("store: staff %s: %w", id, err)
	}
	return s, nil
}

// StaffByEmail finds a staff account by normalized email, with its password hash, for login.
func StaffByEmail(ctx context.Context, q Q, emailNorm string) (model.Staff, string, error) {
	var hash string
	s, err := scanStaff(q.QueryRowContext(ctx, `SELECT `+staffCols+`, password_hash FROM staff WHERE email_norm = $1`, emailNorm), &hash)
	if err != nil {
		return s, "", fmt.Errorf("store: staff by email: %w", err)
	}
	return s, hash, nil
}

// StaffPasswordHash returns the stored password hash of a staff member.
func StaffPasswordHash(ctx context.Context, q Q, id string) (string, error) {
	var hash string
	if err := q.QueryRowContext(ctx, `SELECT password_hash FROM staff WHERE id = $1`, id).Scan(&hash); err != nil {
		return "", fmt.Errorf("store: staff password: %w", db.Classify(err))
	}
	return hash, nil
}

// ListStaff returns the practice's staff, active first, then by name. A request reads it once (see
// WithMemo).
func ListStaff(ctx context.Context, q Q, practiceID string) ([]model.Staff, error) {
	return remembered(ctx, q, func(m *memo) *map[string][]model.Staff { return &m.staff }, practiceID, slices.Clone[[]model.Staff], func() ([]model.Staff, error) {
		return listStaff(ctx, q, practiceID)
	})
}

func listStaff(ctx context.Context, q Q, practiceID string) ([]model.Staff, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+staffCols+` FROM staff WHERE practice_id = $1 ORDER BY active DESC, LOWER(name), id`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: list staff: %w", err)
	}
	defer rows.Close()
	var out []model.Staff
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list staff: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// UpdateStaff stores a staff member's name, role, supervisor and active flag.
func UpdateStaff(ctx context.Context, q Q, s model.Staff) error {
	res, err := q.ExecContext(ctx, `UPDATE staff SET name = $1, role = $2, supervisor_id = $3, active = $4, updated_at = $5
		WHERE id = $6 AND practice_id = $7`,
		s.Name, string(s.Role), nullStr(s.SupervisorID), s.Active, ms(s.UpdatedAt), s.ID, s.PracticeID)
	if err != nil {
		return fmt.Errorf("store: update staff: %w", db.Classify(err))
	}
	return expectOne(res, "update staff")
}

// SetStaffPassword replaces a staff member's password hash; mustChange marks it as temporary.
func SetStaffPassword(ctx context.Context, q Q, id, hash string, mustChange bool, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE staff SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4`,
		hash, mustChange, ms(at), id)
	if err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	return expectOne(res, "set password")
}

// UpgradeStaffPassword replaces a staff member's password hash with newHash, the same password at the
// standard cost, at sign-in, but only while the stored hash is still oldHash: a password changed meanwhile
// is kept. It changes nothing else (not updated_at: the person changed nothing).
func UpgradeStaffPassword(ctx context.Context, q Q, id, oldHash, newHash string) error {
	if _, err := q.ExecContext(ctx, `UPDATE staff SET password_hash = $1 WHERE id = $2 AND password_hash = $3`, newHash, id, oldHash); err != nil {
		return fmt.Errorf("store: upgrade password hash: %w", err)
	}
	return nil
}

// CountActiveOwners returns how many active owners the practice has.
func CountActiveOwners(ctx context.Context, q Q, practiceID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE practice_id = $1 AND role = $2 AND active = TRUE`,
		practiceID, string(model.RoleOwner)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count owners: %w", err)
	}
	return n, nil
}

// StaffByIDAnyPractice returns a staff member by id alone, for flows that start from a link rather than
// a signed-in practice; model.ErrNotFound when there is none.
func StaffByIDAnyPractice(ctx context.Context, q Q, id string) (model.Staff, error) {
	s, err := scanStaff(q.QueryRowContext(ctx, `SELECT `+staffCols+` FROM staff WHERE id = $1`, id))
	if err != nil {
		return s, fmt.Errorf("store: staff %s: %w", id, err)
	}
	return s, nil
}
