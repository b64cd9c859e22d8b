package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// CreateToken makes a personal API token without an expiry for the principal. The secret is returned
// once and only its hash is stored.
func (s *Service) CreateToken(ctx context.Context, p model.Principal, name string) (model.APIToken, string, error) {
	return s.CreateTokenWith(ctx, p, model.TokenInput{Name: name})
}

// CreateTokenWith makes a personal API token for the principal, with the expiry asked for in in (dates
// in the practice's time zone). The secret is returned once and only its hash is stored.
func (s *Service) CreateTokenWith(ctx context.Context, p model.Principal, in model.TokenInput) (model.APIToken, string, error) {
	return s.createToken(ctx, p, in, s.event(p, "token.create", "api_token", ""))
}

// createToken makes the token and appends ev (completed with the token's id and expiry) in the same
// transaction.
func (s *Service) createToken(ctx context.Context, p model.Principal, in model.TokenInput, ev model.AuditEvent) (model.APIToken, string, error) {
	name := strings.TrimSpace(in.Name)
	problems := model.Problems{}
	switch {
	case name == "":
		problems.Add("name", "Name the token after where it is used, e.g. \"reporting script\".")
	case utf8.RuneCountInString(name) > 80:
		problems.Add("name", "Use at most 80 characters.")
	}
	pr, err := store.PracticeByID(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return model.APIToken{}, "", fmt.Errorf("account: create token: %w", err)
	}
	now := s.now()
	expires, err := in.Expiry(now, pr.Location())
	if err != nil {
		var ve *model.ValidationError
		if !errors.As(err, &ve) {
			return model.APIToken{}, "", fmt.Errorf("account: create token: %w", err)
		}
		for k, v := range ve.Fields {
			problems.Add(k, v)
		}
	}
	if err := problems.Err(); err != nil {
		return model.APIToken{}, "", err
	}
	secret := tokenPrefix + id.Token(32)
	t := model.APIToken{ID: id.New(), StaffID: p.StaffID, Name: name, Prefix: secret[:len(tokenPrefix)+6], CreatedAt: now,
		ExpiresAt: expires}
	expiry := "no expiry"
	if !expires.IsZero() {
		expiry = "expires " + expires.Format(time.RFC3339)
	}
	if ev.Detail == "" {
		ev.Detail = expiry
	} else {
		ev.Detail += "; " + expiry
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
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

// ListTokens returns the principal's own unrevoked tokens, expired ones included (they no longer work,
// and are listed so they can be seen and deleted).
func (s *Service) ListTokens(ctx context.Context, p model.Principal) ([]model.APIToken, error) {
	return store.ListTokens(ctx, s.Store.R(), p.StaffID)
}

// RevokeToken revokes one of the principal's own tokens, which also deletes an expired one from the
// list; anyone else's is model.ErrNotFound.
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
func (s *Service) CreateTokenForEmail(ctx context.Context, email string, in model.TokenInput) (model.APIToken, string, error) {
	st, _, err := store.StaffByEmail(ctx, s.Store.R(), model.NormalizeEmail(email))
	if err != nil {
		return model.APIToken{}, "", fmt.Errorf("account: no staff account with that email: %w", err)
	}
	if !st.Active {
		return model.APIToken{}, "", fmt.Errorf("account: that staff account is deactivated")
	}
	ev := s.event(model.Principal{PracticeID: st.PracticeID}, "token.create", "api_token", "")
	ev.Detail = "for staff " + st.ID
	return s.createToken(ctx, principal(st, ""), in, ev)
}
