package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tend/internal/db"
	"tend/internal/model"
)

const portalAccountCols = `id, email, name, created_at`

func scanPortalAccount(s scanner, extra ...any) (model.PortalAccount, error) {
	var a model.PortalAccount
	var created int64
	if err := s.Scan(append([]any{&a.ID, &a.Email, &a.Name, &created}, extra...)...); err != nil {
		return a, db.Classify(err)
	}
	a.CreatedAt = fromMS(created)
	return a, nil
}

// InsertPortalAccount stores a new portal account. An email that already has one is model.ErrConflict.
func InsertPortalAccount(ctx context.Context, q Q, a model.PortalAccount, passwordHash string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO portal_accounts (id, email, email_norm, name, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`, a.ID, a.Email, model.NormalizeEmail(a.Email), a.Name, passwordHash, ms(a.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: insert portal account: %w", db.Classify(err))
	}
	return nil
}

// PortalAccountByEmail returns the account of a normalized email with its password hash, or model.ErrNotFound.
func PortalAccountByEmail(ctx context.Context, q Q, emailNorm string) (model.PortalAccount, string, error) {
	var hash string
	a, err := scanPortalAccount(q.QueryRowContext(ctx, `SELECT `+portalAccountCols+`, password_hash FROM portal_accounts
		WHERE email_norm = $1`, emailNorm), &hash)
	if err != nil {
		return a, "", fmt.Errorf("store: portal account by email: %w", err)
	}
	return a, hash, nil
}

// PortalAccountByID returns an account with its password hash, or model.ErrNotFound.
func PortalAccountByID(ctx context.Context, q Q, accountID string) (model.PortalAccount, string, error) {
	var hash string
	a, err := scanPortalAccount(q.QueryRowContext(ctx, `SELECT `+portalAccountCols+`, password_hash FROM portal_accounts
		WHERE id = $1`, accountID), &hash)
	if err != nil {
		return a, "", fmt.Errorf("store: portal account %s: %w", accountID, err)
	}
	return a, hash, nil
}

// SetPortalPassword replaces an account's password hash.
func SetPortalPassword(ctx context.Context, q Q, accountID, hash string, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE portal_accounts SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, ms(at), accountID)
	if err != nil {
		return fmt.Errorf("store: set portal password: %w", err)
	}
	return expectOne(res, "set portal password")
}

// UpgradePortalPassword replaces a portal account's password hash with newHash, the same password at
// the standard cost, at sign-in, but only while the stored hash is still oldHash: a password changed
// meanwhile is kept. It changes nothing else.
func UpgradePortalPassword(ctx context.Context, q Q, accountID, oldHash, newHash string) error {
	if _, err := q.ExecContext(ctx, `UPDATE portal_accounts SET password_hash = $1 WHERE id = $2 AND password_hash = $3`, newHash, accountID, oldHash); err != nil {
		return fmt.Errorf("store: upgrade portal password hash: %w", err)
	}
	return nil
}

// PortalSession returns a portal session and its account in one query, for the check every signed-in
// portal request makes. A missing session is model.ErrNotFound.
func PortalSession(ctx context.Context, q Q, sessionID string) (model.Session, model.PortalAccount, error) {
	s := model.Session{Realm: model.RealmPortal}
	var created, seen, expires int64
	a, err := scanPortalAccount(q.QueryRowContext(ctx, `SELECT `+prefixed("a.", portalAccountCols)+`, se.id, se.created_at,
		se.last_seen_at, se.expires_at FROM sessions se JOIN portal_accounts a ON a.id = se.subject_id
		WHERE se.id = $1 AND se.realm = $2`, sessionID, model.RealmPortal), &s.ID, &created, &seen, &expires)
	if err != nil {
		return s, a, fmt.Errorf("store: portal session: %w", err)
	}
	s.SubjectID, s.CreatedAt, s.LastSeenAt, s.ExpiresAt = a.ID, fromMS(created), fromMS(seen), fromMS(expires)
	return s, a, nil
}

// PortalLink is one of the portal's single-use links other than invitations.
type PortalLink struct {
	Purpose    string // reset or register
	AccountID  string
	PracticeID string
	EmailNorm  string
	ExpiresAt  time.Time
	UsedAt     time.Time
}

// Purposes of portal links.
const (
	LinkReset    = "reset"
	LinkRegister = "register"
	LinkEmail    = "email" // confirms a new email of an account; email_norm is the new address
)

// InsertPortalLink stores a new link by the hash of its token.
func InsertPortalLink(ctx context.Context, q Q, tokenHash string, l PortalLink, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO portal_links (token_hash, purpose, account_id, practice_id, email_norm, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, tokenHash, l.Purpose, nullStr(l.AccountID), nullStr(l.PracticeID), l.EmailNorm, ms(at), ms(l.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: insert portal link: %w", err)
	}
	return nil
}

// RecentPortalLinks counts the links of a purpose sent to an email since a time, to bound the mail anyone
// can cause. Purposes are counted apart, so nobody can use up someone's password resets by asking for
// other links.
func RecentPortalLinks(ctx context.Context, q Q, emailNorm, purpose string, since time.Time) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM portal_links WHERE email_norm = $1 AND purpose = $2 AND created_at >= $3`,
		emailNorm, purpose, ms(since)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: recent portal links: %w", err)
	}
	return n, nil
}

// PortalLinkByHash returns a link, used or not, or model.ErrNotFound.
func PortalLinkByHash(ctx context.Context, q Q, tokenHash string) (PortalLink, error) {
	var l PortalLink
	var account, practice sql.NullString
	var expires int64
	var used sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT purpose, account_id, practice_id, email_norm, expires_at, used_at FROM portal_links
		WHERE token_hash = $1`, tokenHash).Scan(&l.Purpose, &account, &practice, &l.EmailNorm, &expires, &used)
	if err != nil {
		return l, fmt.Errorf("store: portal link: %w", db.Classify(err))
	}
	l.AccountID, l.PracticeID, l.ExpiresAt, l.UsedAt = account.String, practice.String, fromMS(expires), fromNullMS(used)
	return l, nil
}

// ClaimPortalLink marks an unused, unexpired link of the purpose used, or answers model.ErrNotFound: a
// link works once, even when two requests race.
func ClaimPortalLink(ctx context.Context, q Q, tokenHash, purpose string, now time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE portal_links SET used_at = $1 WHERE token_hash = $2 AND purpose = $3
		AND used_at IS NULL AND expires_at > $1`, ms(now), tokenHash, purpose)
	if err != nil {
		return fmt.Errorf("store: claim portal link: %w", err)
	}
	return expectOne(res, "claim portal link")
}

// UsePortalLinksOfAccount spends every open password-reset and email-change link of an account: after a
// password or email change, no link sent before it may undo it.
func UsePortalLinksOfAccount(ctx context.Context, q Q, accountID string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `UPDATE portal_links SET used_at = $1 WHERE account_id = $2 AND purpose IN ($3, $4) AND used_at IS NULL`,
		ms(at), accountID, LinkReset, LinkEmail); err != nil {
		return fmt.Errorf("store: use portal links: %w", err)
	}
	return nil
}

// SetPortalEmail changes an account's email. An email another account has is model.ErrConflict.
func SetPortalEmail(ctx context.Context, q Q, accountID, email string, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE portal_accounts SET email = $1, email_norm = $2, updated_at = $3 WHERE id = $4`,
		email, model.NormalizeEmail(email), ms(at), accountID)
	if err != nil {
		return fmt.Errorf("store: set portal email: %w", db.Classify(err))
	}
	return expectOne(res, "set portal email")
}
