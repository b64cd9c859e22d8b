package account

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// CreateToken makes a personal API token for the principal. The secret is returned once and only its
// hash is stored.
func (s *Service) CreateToken(ctx context.Context, p model.Principal, name string) (model.APIToken, string, error) {
	return s.createToken(ctx, p, name, s.event(p, "token.create", "api_token", ""))
}

// createToken makes the token and appends ev (completed with the token's id) in the same transaction.
func (s *Service) createToken(ctx context.Context, p model.Principal, name string, ev model.AuditEvent) (model.APIToken, string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return model.APIToken{}, "", model.FieldError("name", "Name the token after where it is used, e.g. \"reporting script\".")
	case utf8.RuneCountInString(name) > 80:
		return model.APIToken{}, "", model.FieldError("name", "Use at most 80 characters.")
	}
	secret := tokenPrefix + id.Token(32)
	t := model.APIToken{ID: id.New(), StaffID: p.StaffID, Name: name, Prefix: secret[:len(tokenPrefix)+6], CreatedAt: s.now()}
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertToken(ctx, q, t, hashToken(secret)); err != nil {
			return err
		}
		ev.RecordID = t.ID
		return s.Audit.Append(ctx, q, ev)
	})
	if err != nil {
		return model.APIToken{}, "", fmt.Errorf("account: create token: %w", err)
	}
	return t, secret, nil
}

// ListTokens returns the principal's own active tokens.
func (s *Service) ListTokens(ctx context.Context, p model.Principal) ([]model.APIToken, error) {
	return store.ListTokens(ctx, s.Store.R(), p.StaffID)
}

// RevokeToken revokes one of the principal's own tokens; anyone else's is model.ErrNotFound.
func (s *Service) RevokeToken(ctx context.Context, p model.Principal, tokenID string) error {
	if !id.Valid(tokenID) {
		return model.ErrNotFound
	}
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.RevokeToken(ctx, q, p.StaffID, tokenID, s.now()); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, "token.revoke", "api_token", tokenID))
	})
	if err != nil {
		return fmt.Errorf("account: revoke token: %w", err)
	}
	return nil
}

// CreateTokenForEmail makes a token for the active staff member with that email (the `tend token create`
// command). The audit log shows the operator (system) made it, for that staff member.
func (s *Service) CreateTokenForEmail(ctx context.Context, email, name string) (model.APIToken, string, error) {
	st, _, err := store.StaffByEmail(ctx, s.Store.R(), model.NormalizeEmail(email))
	if err != nil {
		return model.APIToken{}, "", fmt.Errorf("account: no staff account with that email: %w", err)
	}
	if !st.Active {
		return model.APIToken{}, "", fmt.Errorf("account: that staff account is deactivated")
	}
	ev := s.event(model.Principal{PracticeID: st.PracticeID}, "token.create", "api_token", "")
	ev.Detail = "for staff " + st.ID
	return s.createToken(ctx, principal(st, ""), name, ev)
}
