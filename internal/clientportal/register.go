package clientportal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
)

// unknownLink answers a forged, truncated or replaced link: it says what to do without saying more.
const unknownLink = "This link does not work. It may be incomplete, or a newer invitation replaced it. " +
	"Open the link in the latest email from your practice, or ask them to send a new invitation."

// Invite is what the registration page shows about a working invitation.
type Invite struct {
	PracticeName string
	Email        string
	PersonName   string
	ExpiresAt    time.Time
	// HasAccount is set when the email already has a portal account: the person signs in instead.
	HasAccount bool
}

// CheckInvitation tells whether an invitation link can be used to register, and what it is for. An
// unusable link is a *model.ValidationError on "token" whose message says how to get a new one.
func (s *Service) CheckInvitation(ctx context.Context, token string) (Invite, error) {
	inv, acc, err := s.invitation(ctx, s.Store.R(), token)
	if err != nil {
		return Invite{}, err
	}
	_, _, err = store.PortalAccountByEmail(ctx, s.Store.R(), model.NormalizeEmail(acc.Email))
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return Invite{}, err
	}
	return Invite{PracticeName: acc.PracticeName, Email: acc.Email, PersonName: acc.PersonName, ExpiresAt: inv.ExpiresAt,
		HasAccount: err == nil}, nil
}

// invitation finds the open invitation of a token with its access, or explains why it cannot be used.
func (s *Service) invitation(ctx context.Context, q store.Q, token string) (store.InvitationLink, store.AccountAccess, error) {
	token = strings.TrimSpace(token)
	if token == "" || len(token) > 200 {
		return store.InvitationLink{}, store.AccountAccess{}, model.FieldError("token", unknownLink)
	}
	inv, err := store.InvitationByToken(ctx, q, id.HashToken(token))
	if errors.Is(err, model.ErrNotFound) {
		return inv, store.AccountAccess{}, model.FieldError("token", unknownLink)
	}
	if err != nil {
		return inv, store.AccountAccess{}, fmt.Errorf("clientportal: invitation: %w", err)
	}
	acc, err := store.AccessOfAccountByID(ctx, q, inv.AccessID)
	if err != nil {
		return inv, acc, fmt.Errorf("clientportal: invitation: %w", err)
	}
	switch {
	case !inv.UsedAt.IsZero() || acc.State == model.AccessActive || acc.State == model.AccessDisabled:
		return inv, acc, model.FieldError("token", "This invitation was already used to create an account. Sign in with "+
			acc.Email+" and your password; if you forgot it, choose “Forgot your password?”.")
	case !s.now().Before(inv.ExpiresAt):
		return inv, acc, model.FieldError("token", "This invitation expired. Ask "+acc.PracticeName+" to send you a new one; it arrives by email.")
	case acc.State != model.AccessInvited || acc.RecordState != model.StateActive:
		return inv, acc, model.FieldError("token", unknownLink)
	}
	return inv, acc, nil
}

// Register creates a portal account through an invitation link (PT-2, ST-2): the account takes the
// invited email and person's name, the access becomes active, the client becomes Active, and the person
// is signed in. An email that already has an account turns the invitation into a connection request.
func (s *Service) Register(ctx context.Context, token, pw, ip, oldToken string) (LoginResult, error) {
	inv, acc, err := s.invitation(ctx, s.Store.R(), token)
	if err != nil {
		return LoginResult{}, err
	}
	norm := model.NormalizeEmail(acc.Email)
	if _, _, err := store.PortalAccountByEmail(ctx, s.Store.R(), norm); err == nil {
		return LoginResult{}, s.turnIntoRequest(ctx, acc, ip)
	} else if !errors.Is(err, model.ErrNotFound) {
		return LoginResult{}, err
	}
	if msg := password.Check(pw, acc.Email, acc.PersonName); msg != "" {
		return LoginResult{}, model.FieldError("password", msg)
	}
	hash, err := s.Passwords.Hash(pw)
	if err != nil {
		return LoginResult{}, err
	}
	now := s.now()
	acct := model.PortalAccount{ID: id.New(), Email: acc.Email, Name: acc.PersonName, CreatedAt: now}
	var sessionToken string
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.ClaimInvitation(ctx, q, id.HashToken(strings.TrimSpace(token)), now); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return model.FieldError("token", unknownLink) // used or replaced a moment ago
			}
			return err
		}
		if err := store.InsertPortalAccount(ctx, q, acct, hash); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return &model.ConflictError{Field: "email", Message: "An account with this email was created a moment ago. Sign in instead."}
			}
			return err
		}
		a := acc.PortalAccess
		a.AccountID, a.State = acct.ID, model.AccessActive
		if err := store.UpdatePortalAccess(ctx, q, a, now); err != nil {
			return err
		}
		if err := store.RefreshPortalState(ctx, q, a.ChartID); err != nil {
			return err
		}
		if sessionToken, err = s.startSession(ctx, q, acct.ID, oldToken, now); err != nil {
			return err
		}
		e := s.event(a.PracticeID, acct.ID, ip, "portal.register", "portal_access", a.ID)
		e.ChartID, e.Detail = a.ChartID, inv.ID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return LoginResult{}, fmt.Errorf("clientportal: register: %w", err)
	}
	return LoginResult{Account: acct, Token: sessionToken}, nil
}

// turnIntoRequest makes an invitation to an email that has an account since it was sent into a
// connection request (PT-5), and says so.
func (s *Service) turnIntoRequest(ctx context.Context, acc store.AccountAccess, ip string) error {
	now := s.now()
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a := acc.PortalAccess
		a.State = model.AccessRequested
		if err := store.UpdatePortalAccess(ctx, q, a, now); err != nil {
			return err
		}
		inv := *a.Invitation
		inv.Kind = model.InvitationRequest
		if err := store.InsertInvitation(ctx, q, a.PracticeID, a.ID, "", inv, ""); err != nil {
			return err
		}
		e := s.event(a.PracticeID, "", ip, "portal.invitation_to_request", "portal_access", a.ID)
		e.ChartID = a.ChartID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return fmt.Errorf("clientportal: turning invitation into a request: %w", err)
	}
	return &model.ConflictError{Field: "email", Message: acc.Email + " already has a portal account. Sign in with it: " +
		acc.PracticeName + "’s request to connect is waiting for you there."}
}
