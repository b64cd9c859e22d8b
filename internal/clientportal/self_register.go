package clientportal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tend/internal/id"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/password"
	"tend/internal/store"
)

// registerLinkLifetime is how long the link that proves a self-registering person's email works.
const registerLinkLifetime = 24 * time.Hour

const badJoinLink = "This link has expired or was already used. Start again below: a new link arrives in a few minutes."

// JoinPractice returns the practice of a portal address when it takes registrations (ST-2); otherwise
// model.ErrNotFound, so a closed practice looks like no practice.
func (s *Service) JoinPractice(ctx context.Context, slug string) (model.Practice, error) {
	if slug == "" || len(slug) > 100 {
		return model.Practice{}, model.ErrNotFound
	}
	pr, err := store.PracticeBySlug(ctx, s.Store.R(), slug)
	if err != nil {
		return pr, err
	}
	if !pr.SelfRegistration {
		return model.Practice{}, fmt.Errorf("clientportal: practice %s takes no registrations: %w", pr.ID, model.ErrNotFound)
	}
	return pr, nil
}

// RequestRegistration starts a registration at a practice's portal address: it emails a link that proves
// the address. An email that already has an account gets a reminder to sign in instead. The answer and its
// timing are the same either way.
func (s *Service) RequestRegistration(ctx context.Context, slug, email, ip string) error {
	defer s.floor()()
	pr, err := s.JoinPractice(ctx, slug)
	if err != nil {
		return err
	}
	norm := model.NormalizeEmail(email)
	problems := model.Problems{}
	model.ValidateEmail(problems, "email", norm, true)
	if err := problems.Err(); err != nil {
		return err
	}
	if s.Mail == nil {
		return nil
	}
	_, _, err = store.PortalAccountByEmail(ctx, s.Store.R(), norm)
	hasAccount := err == nil
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("clientportal: registration: %w", err)
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		now := s.now()
		if ok, err := s.mayLink(ctx, q, norm, store.LinkRegister, now); err != nil || !ok {
			return err
		}
		token := id.Token(32)
		l := store.PortalLink{Purpose: store.LinkRegister, PracticeID: pr.ID, EmailNorm: norm, ExpiresAt: now.Add(registerLinkLifetime)}
		if hasAccount {
			l.ExpiresAt = now // counted against the limit, never usable
		}
		if err := store.InsertPortalLink(ctx, q, id.HashToken(token), l, now); err != nil {
			return err
		}
		d, err := s.joinMail(pr, norm, token, hasAccount)
		if err != nil {
			return err
		}
		if _, err := s.Mail.Queue(ctx, q, d); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(pr.ID, "", ip, "portal.join_request", "practice", pr.ID))
	})
	if err != nil {
		return fmt.Errorf("clientportal: registration: %w", err)
	}
	return nil
}

// joinMail is the message that continues a self-registration, or reminds an account holder to sign in.
func (s *Service) joinMail(pr model.Practice, to, token string, hasAccount bool) (outbox.Draft, error) {
	d := outbox.Draft{PracticeID: pr.ID, To: to}
	name, data := mail.PortalJoin, map[string]any{"Practice": pr.Name, "Link": s.BaseURL + "/portal/join/" + pr.Slug + "/complete?t=" + token}
	if hasAccount {
		// Not filed under the practice: its Mail log would tell who has an account somewhere.
		d.PracticeID = ""
		name, data = mail.PortalJoinExisting, map[string]any{"Practice": pr.Name, "Link": s.BaseURL + "/portal/login"}
	}
	var err error
	d.Subject, d.Text, d.HTML, err = mail.Render(name, data)
	return d, err
}

// Join is what the page that completes a self-registration shows.
type Join struct {
	Practice model.Practice
	Email    string
}

// CheckRegistration tells whether a self-registration link of the practice can still be used.
func (s *Service) CheckRegistration(ctx context.Context, slug, token string) (Join, error) {
	pr, err := s.JoinPractice(ctx, slug)
	if err != nil {
		return Join{}, err
	}
	l, err := store.PortalLinkByHash(ctx, s.Store.R(), id.HashToken(strings.TrimSpace(token)))
	if errors.Is(err, model.ErrNotFound) || (err == nil && (l.Purpose != store.LinkRegister || l.PracticeID != pr.ID ||
		!l.UsedAt.IsZero() || !s.now().Before(l.ExpiresAt))) {
		return Join{Practice: pr}, model.FieldError("token", badJoinLink)
	}
	if err != nil {
		return Join{}, err
	}
	return Join{Practice: pr, Email: l.EmailNorm}, nil
}

// JoinResult is a finished self-registration: the new session, and whether a pending record was found.
type JoinResult struct {
	LoginResult
	Matched bool // the email was invited: the account joined the pending chart(s)
}

// CompleteRegistration creates the account of a self-registration (ST-2). Pending invitations of the
// practice to the email are taken up (the clients become Active); otherwise a new chart is created for the
// person, which staff find under Needs attention because its setup is not done. A practice keeps one
// email per person, so when the email belongs to a client who was not invited, the new chart goes without
// it and staff decide what to do.
func (s *Service) CompleteRegistration(ctx context.Context, slug, token, first, last, pw, ip, oldToken string) (JoinResult, error) {
	j, err := s.CheckRegistration(ctx, slug, token)
	if err != nil {
		return JoinResult{}, err
	}
	pr := j.Practice
	now := s.now()
	c := model.Client{ID: id.New(), PersonID: id.New(), PracticeID: pr.ID, Kind: model.KindIndividual, State: model.StateActive,
		MessagingOn: true, CreatedAt: now, UpdatedAt: now}
	problems := model.ClientChange{FirstName: &first, LastName: &last}.Apply(&c, now)
	if msg := password.Check(pw, j.Email, first+" "+last); msg != "" {
		problems.Add("password", msg)
	}
	if err := problems.Err(); err != nil {
		return JoinResult{}, err
	}
	hash, err := s.Passwords.Hash(pw)
	if err != nil {
		return JoinResult{}, err
	}
	acct := model.PortalAccount{ID: id.New(), Email: j.Email, Name: c.Name(), CreatedAt: now}
	var out JoinResult
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.ClaimPortalLink(ctx, q, id.HashToken(strings.TrimSpace(token)), store.LinkRegister, now); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return model.FieldError("token", badJoinLink)
			}
			return err
		}
		if err := store.InsertPortalAccount(ctx, q, acct, hash); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return &model.ConflictError{Field: "email", Message: "This email already has a portal account. Sign in instead."}
			}
			return err
		}
		open, err := store.OpenInvitationsForEmail(ctx, q, pr.ID, j.Email, now)
		if err != nil {
			return err
		}
		for _, a := range open {
			a.AccountID, a.State = acct.ID, model.AccessActive
			if err := store.UpdatePortalAccess(ctx, q, a, now); err != nil {
				return err
			}
			if err := store.UseInvitation(ctx, q, a.ID, now); err != nil {
				return err
			}
			if err := store.RefreshPortalState(ctx, q, a.ChartID); err != nil {
				return err
			}
			e := s.event(pr.ID, acct.ID, ip, "portal.register", "portal_access", a.ID)
			e.ChartID, e.Detail = a.ChartID, "self_registration"
			if err := s.Audit.Append(ctx, q, e); err != nil {
				return err
			}
		}
		if out.Matched = len(open) > 0; !out.Matched {
			if err := s.newChart(ctx, q, pr, acct, c, ip, now); err != nil {
				return err
			}
		}
		out.Account = acct
		out.Token, err = s.startSession(ctx, q, acct.ID, oldToken, now)
		return err
	})
	if err != nil {
		return JoinResult{}, fmt.Errorf("clientportal: complete registration: %w", err)
	}
	return out, nil
}

// newChart stores the chart of a self-registered person with their own active access, all features of
// a client, and audits it in the practice's chain.
func (s *Service) newChart(ctx context.Context, q store.Q, pr model.Practice, acct model.PortalAccount, c model.Client, ip string, now time.Time) error {
	taken, err := store.PersonHasEmail(ctx, q, pr.ID, acct.Email)
	if err != nil {
		return err
	}
	if !taken {
		c.Email = acct.Email
	}
	if err := store.InsertClient(ctx, q, c); err != nil {
		return err
	}
	a := model.PortalAccess{ID: id.New(), PracticeID: pr.ID, ChartID: c.ID, PersonID: c.PersonID, Role: model.AccessSelf,
		Permissions: model.DefaultFeatures(), Email: acct.Email, AccountID: acct.ID, State: model.AccessActive, CreatedAt: now}
	if err := store.InsertPortalAccess(ctx, q, a); err != nil {
		return err
	}
	if err := store.RefreshPortalState(ctx, q, c.ID); err != nil {
		return err
	}
	e := s.event(pr.ID, acct.ID, ip, "chart.create", "chart", c.ID)
	e.ChartID, e.Detail = c.ID, "self_registration"
	return s.Audit.Append(ctx, q, e)
}
