package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
)

// TwoStepSecret is a person's sealed authenticator secret and the newest step whose code was accepted.
type TwoStepSecret struct {
	Sealed    string
	LastStep  int64
	CreatedAt time.Time
}

// PutTwoStepSecret stores a new sealed secret for a person who is setting up two-step sign-in, replacing
// any earlier unconfirmed one.
func PutTwoStepSecret(ctx context.Context, q Q, staffID, sealed string, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO staff_two_step (staff_id, secret, last_step, created_at) VALUES ($1, $2, 0, $3)
		ON CONFLICT (staff_id) DO UPDATE SET secret = excluded.secret, last_step = 0, created_at = excluded.created_at`,
		staffID, sealed, ms(at))
	if err != nil {
		return fmt.Errorf("store: put two-step secret: %w", db.Classify(err))
	}
	return nil
}

// TwoStepSecretOf returns a person's sealed secret, or model.ErrNotFound when they have none.
func TwoStepSecretOf(ctx context.Context, q Q, staffID string) (TwoStepSecret, error) {
	var s TwoStepSecret
	var created int64
	err := q.QueryRowContext(ctx, `SELECT secret, last_step, created_at FROM staff_two_step WHERE staff_id = $1`, staffID).
		Scan(&s.Sealed, &s.LastStep, &created)
	if err != nil {
		return s, fmt.Errorf("store: two-step secret: %w", db.Classify(err))
	}
	s.CreatedAt = fromMS(created)
	return s, nil
}

// UseTwoStepStep records that a code of step was accepted. It is model.ErrConflict when that step or a
// newer one was already used: the update and the check are one statement, so two requests with the same
// code at the same moment cannot both pass.
func UseTwoStepStep(ctx context.Context, q Q, staffID string, step int64) error {
	res, err := q.ExecContext(ctx, `UPDATE staff_two_step SET last_step = $1 WHERE staff_id = $2 AND last_step < $1`, step, staffID)
	if err != nil {
		return fmt.Errorf("store: use two-step code: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: use two-step code: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("store: two-step code already used: %w", model.ErrConflict)
	}
	return nil
}

// TurnOnTwoStep marks two-step sign-in on since a time on the staff row; model.ErrConflict when it
// already is (a second confirmation at the same moment).
func TurnOnTwoStep(ctx context.Context, q Q, staffID string, since time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE staff SET two_step_since = $1 WHERE id = $2 AND two_step_since IS NULL`, ms(since), staffID)
	if err != nil {
		return fmt.Errorf("store: turn on two-step: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: turn on two-step: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("store: two-step already on: %w", model.ErrConflict)
	}
	return nil
}

// DeleteTwoStep turns two-step sign-in off and removes the person's secret, recovery codes and waiting
// sign-ins (turning it off, or a reset).
func DeleteTwoStep(ctx context.Context, q Q, staffID string) error {
	for _, stmt := range []string{
		`UPDATE staff SET two_step_since = NULL WHERE id = $1`,
		`DELETE FROM staff_recovery_codes WHERE staff_id = $1`,
		`DELETE FROM staff_two_step WHERE staff_id = $1`,
		`DELETE FROM sign_in_challenges WHERE staff_id = $1`,
	} {
		if _, err := q.ExecContext(ctx, stmt, staffID); err != nil {
			return fmt.Errorf("store: turn off two-step: %w", err)
		}
	}
	return nil
}

// ReplaceRecoveryCodes deletes a person's recovery codes and stores new ones by their hashes.
func ReplaceRecoveryCodes(ctx context.Context, q Q, staffID string, hashes []string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM staff_recovery_codes WHERE staff_id = $1`, staffID); err != nil {
		return fmt.Errorf("store: delete recovery codes: %w", err)
	}
	for _, h := range hashes {
		if _, err := q.ExecContext(ctx, `INSERT INTO staff_recovery_codes (id, staff_id, code_hash, created_at) VALUES ($1, $2, $3, $4)`,
			id.New(), staffID, h, ms(at)); err != nil {
			return fmt.Errorf("store: insert recovery code: %w", db.Classify(err))
		}
	}
	return nil
}

// UseRecoveryCode marks the unused recovery code with that hash used. It is model.ErrConflict when the
// code was used before and model.ErrNotFound when the person has no such code.
func UseRecoveryCode(ctx context.Context, q Q, staffID, hash string, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE staff_recovery_codes SET used_at = $1 WHERE staff_id = $2 AND code_hash = $3 AND used_at IS NULL`,
		ms(at), staffID, hash)
	if err != nil {
		return fmt.Errorf("store: use recovery code: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: use recovery code: %w", err)
	}
	if n == 1 {
		return nil
	}
	var used int
	err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff_recovery_codes WHERE staff_id = $1 AND code_hash = $2`, staffID, hash).Scan(&used)
	if err != nil {
		return fmt.Errorf("store: use recovery code: %w", err)
	}
	if used > 0 {
		return fmt.Errorf("store: recovery code already used: %w", model.ErrConflict)
	}
	return fmt.Errorf("store: recovery code: %w", model.ErrNotFound)
}

// RecoveryCodesLeft counts a person's unused recovery codes.
func RecoveryCodesLeft(ctx context.Context, q Q, staffID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff_recovery_codes WHERE staff_id = $1 AND used_at IS NULL`, staffID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count recovery codes: %w", err)
	}
	return n, nil
}

// InsertSignInChallenge stores a sign-in waiting for its second step; id is the SHA-256 of its token.
func InsertSignInChallenge(ctx context.Context, q Q, id, staffID string, at, expires time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO sign_in_challenges (id, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		id, staffID, ms(at), ms(expires))
	if err != nil {
		return fmt.Errorf("store: insert sign-in challenge: %w", db.Classify(err))
	}
	return nil
}

// SignInChallenge returns the staff id and expiry of a waiting sign-in, or model.ErrNotFound.
func SignInChallenge(ctx context.Context, q Q, id string) (string, time.Time, error) {
	var staffID string
	var expires int64
	err := q.QueryRowContext(ctx, `SELECT staff_id, expires_at FROM sign_in_challenges WHERE id = $1`, id).Scan(&staffID, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, fmt.Errorf("store: sign-in challenge: %w", model.ErrNotFound)
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store: sign-in challenge: %w", err)
	}
	return staffID, fromMS(expires), nil
}

// DeleteSignInChallenge ends a waiting sign-in; it reports whether there was one, so of two requests
// finishing the same sign-in at once only one goes on.
func DeleteSignInChallenge(ctx context.Context, q Q, id string) (bool, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM sign_in_challenges WHERE id = $1`, id)
	if err != nil {
		return false, fmt.Errorf("store: delete sign-in challenge: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteExpiredSignInChallenges removes waiting sign-ins that ran out.
func DeleteExpiredSignInChallenges(ctx context.Context, q Q, now time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM sign_in_challenges WHERE expires_at <= $1`, ms(now)); err != nil {
		return fmt.Errorf("store: delete expired sign-in challenges: %w", err)
	}
	return nil
}

// PracticeRequiresTwoStep reports whether a practice requires two-step sign-in of its staff.
func PracticeRequiresTwoStep(ctx context.Context, q Q, practiceID string) (bool, error) {
	var req bool
	if err := q.QueryRowContext(ctx, `SELECT require_two_step FROM practices WHERE id = $1`, practiceID).Scan(&req); err != nil {
		return false, fmt.Errorf("store: practice two-step rule: %w", db.Classify(err))
	}
	return req, nil
}
