package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

// InsertToken stores a new API token by the hash of its secret.
func InsertToken(ctx context.Context, q Q, t model.APIToken, hash string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO api_tokens (id, staff_id, name, token_hash, prefix, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		t.ID, t.StaffID, t.Name, hash, t.Prefix, ms(t.CreatedAt), nullMS(t.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: insert token: %w", db.Classify(err))
	}
	return nil
}

// ListTokens returns a staff member's unrevoked tokens, expired ones included, newest first.
func ListTokens(ctx context.Context, q Q, staffID string) ([]model.APIToken, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, staff_id, name, prefix, created_at, last_used_at, expires_at FROM api_tokens
		WHERE staff_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC`, staffID)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	defer rows.Close()
	var out []model.APIToken
	for rows.Next() {
		var t model.APIToken
		var created int64
		var used, expires sql.NullInt64
		if err := rows.Scan(&t.ID, &t.StaffID, &t.Name, &t.Prefix, &created, &used, &expires); err != nil {
			return nil, fmt.Errorf("store: list tokens: %w", err)
		}
		t.CreatedAt, t.LastUsedAt, t.ExpiresAt = fromMS(created), fromNullMS(used), fromNullMS(expires)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the staff member's tokens; another person's token is model.ErrNotFound.
func RevokeToken(ctx context.Context, q Q, staffID, id string, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND staff_id = $3 AND revoked_at IS NULL`, ms(at), id, staffID)
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	return expectOne(res, "revoke token")
}

// TouchToken records when a token was last used.
func TouchToken(ctx context.Context, q Q, id string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, ms(at), id); err != nil {
		return fmt.Errorf("store: touch token: %w", err)
	}
	return nil
}

// TokenStaff returns the unrevoked token with that hash and its staff member in one query. An expired
// token is returned too: the caller decides with the clock it keeps.
func TokenStaff(ctx context.Context, q Q, hash string) (model.APIToken, model.Staff, error) {
	var t model.APIToken
	var created int64
	var used, expires sql.NullInt64
	st, err := scanStaff(q.QueryRowContext(ctx, `SELECT `+prefixed("s.", staffCols)+`, t.id, t.name, t.prefix, t.created_at,
		t.last_used_at, t.expires_at
		FROM api_tokens t JOIN staff s ON s.id = t.staff_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL`, hash),
		&t.ID, &t.Name, &t.Prefix, &created, &used, &expires)
	if err != nil {
		return t, st, fmt.Errorf("store: token: %w", err)
	}
	t.StaffID, t.CreatedAt, t.LastUsedAt, t.ExpiresAt = st.ID, fromMS(created), fromNullMS(used), fromNullMS(expires)
	return t, st, nil
}

// RevokeTokensOf revokes every token of a staff member (when they are deactivated).
func RevokeTokensOf(ctx context.Context, q Q, staffID string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE staff_id = $2 AND revoked_at IS NULL`, ms(at), staffID); err != nil {
		return fmt.Errorf("store: revoke tokens: %w", err)
	}
	return nil
}

// DeleteTokensExpiredBefore deletes tokens whose expiry passed before the cutoff, revoked or not, and
// returns how many. Nothing refers to a token row: audit events name it by id only.
func DeleteTokensExpiredBefore(ctx context.Context, q Q, cutoff time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at < $1`, ms(cutoff))
	if err != nil {
		return 0, fmt.Errorf("store: delete expired tokens: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: delete expired tokens: %w", err)
	}
	return n, nil
}
