package clients

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/id"
	"tend/internal/mail"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// Invitation links work for seven days (PT-3), and a connection request waits as long.
const (
	InvitationLifetime = 7 * 24 * time.Hour
	requestLifetime    = InvitationLifetime
)

// InviteInput is an invitation to the portal: who (the client when empty), to which email (theirs when
// empty) and with which features (PT-6) or permissions (PT-7).
type InviteInput struct {
	PersonID  string
	ContactID string
	MemberID  string
	Email     string
	Features  []string
	// DefaultFeatures grants the person's suggested features instead of Features: the client's defaults,
	// or what a contact's flags allow (CT-2). The API uses it when no features are sent.
	DefaultFeatures bool
	// TemplateIDs are documents to request on the chart with the invitation (PT-2): for a member of a
	// couple or family chart they are that member's own.
	TemplateIDs []string
	// ConfirmDistinctEmail goes ahead with a new email that looks like another record's.
	ConfirmDistinctEmail bool
}

// Invite gives a person access to a chart's portal (PT-2): an emailed single-use link to register, or,
// when the email already has a portal account, a connection request the holder approves (PT-5). An open
// invitation of the same person is replaced. A new chart shows as Pending until someone registers; a
// client already in care stays Active, with the invitation shown as their portal state (ST-1).
func (s *Service) Invite(ctx context.Context, p model.Principal, chartID string, in InviteInput) (model.PortalAccess, error) {
	var out model.PortalAccess
	err := s.Store.Tx(ctx, func(q store.Q) error {
		var err error
		out, err = s.invite(ctx, q, p, chartID, in)
		return err
	})
	if err != nil {
		return model.PortalAccess{}, fmt.Errorf("clients: invite: %w", s.auditDenied(ctx, p, "chart.portal.invite", chartID, err))
	}
	return out, nil
}

// InviteDuringSetup sends the setup wizard's portal invitation and moves the wizard past its portal step,
// in one transaction: sending twice cannot happen because the step was not saved. A minor's wizard stays
// on the portal step, so the minor and a guardian can both be invited there (MN-3).
func (s *Service) InviteDuringSetup(ctx context.Context, p model.Principal, chartID string, in InviteInput) (model.Client, error) {
	var out model.Client
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if _, err := s.invite(ctx, q, p, chartID, in); err != nil {
			return err
		}
		c, err := store.ClientByID(ctx, q, p.PracticeID, chartID)
		if err != nil {
			return err
		}
		c.SetupStep, c.UpdatedAt = NextSetupStep("portal"), s.Now().UTC()
		if c.IsMinor() {
			c.SetupStep = "portal"
		}
		if c.SetupStep == "" {
			c.SetupCompletedAt = c.UpdatedAt
		}
		if err := store.UpdateClient(ctx, q, c); err != nil {
			return err
		}
		out = c
		e := s.event(p, "chart.update", c.ID)
		e.Detail = "setup_step"
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.Client{}, fmt.Errorf("clients: invite during setup: %w", s.auditDenied(ctx, p, "chart.portal.invite", chartID, err))
	}
	return out, nil
}

// invite is Invite inside the caller's transaction.
func (s *Service) invite(ctx context.Context, q store.Q, p model.Principal, chartID string, in InviteInput) (out model.PortalAccess, err error) {
	a, c, err := s.changeable(ctx, q, p, chartID)
	if err != nil {
		return out, err
	}
	if c.State != model.StateActive {
		return out, &model.ValidationError{Message: "Only a client in care can be invited. Reactivate or restore the chart first."}
	}
	users, err := portalUsers(ctx, q, c)
	if err != nil {
		return out, err
	}
	u, err := pickPortalUser(users, c, in)
	if err != nil {
		return out, err
	}
	features, bad := model.ParseFeatures(in.Features)
	if in.DefaultFeatures {
		features, bad = u.Suggested(), nil
	}
	problems := model.Problems{}
	if len(bad) > 0 {
		problems.Add("features", "Choose features from the list.")
	}
	if len(in.TemplateIDs) > 0 && !features.Has(model.FeatureDocuments) {
		problems.Add("template_ids", "Tick “"+model.FeatureDocuments.Label()+"” too, or "+u.Name+" cannot fill in these documents.")
	}
	email := model.NormalizeEmail(in.Email)
	if email == "" {
		email = model.NormalizeEmail(u.Email)
	}
	if email == "" {
		problems.Add("email", "There is no email address for "+u.Name+" yet. Type it here, or add it to their details first; the invitation goes to that address.")
	} else {
		model.ValidateEmail(problems, "email", email, true)
	}
	if u.Access != nil && (u.Access.State == model.AccessActive || u.Access.State == model.AccessDisabled) {
		problems.Add("email", u.Name+" already has portal access. Change their permissions, or disable and enable it, instead.")
	}
	if err := problems.Err(); err != nil {
		return out, err
	}
	now := s.Now().UTC()
	if email != model.NormalizeEmail(u.Email) {
		if err := s.checkLookalike(ctx, q, a, "email", email, u.PersonID, in.ConfirmDistinctEmail); err != nil {
			return out, err
		}
		if err := s.setPersonEmail(ctx, q, a, u, email, now); err != nil {
			return out, err
		}
	}
	acc := model.PortalAccess{ID: id.New(), PracticeID: c.PracticeID, ChartID: c.ID, PersonID: u.PersonID, PersonName: u.Name,
		Role: u.Role, CreatedAt: now}
	if u.Access != nil {
		acc = *u.Access
	}
	acc.Permissions, acc.Email, acc.AccountID, acc.Role, acc.State = features, email, "", u.Role, model.AccessInvited
	if u.Access == nil {
		if err := store.InsertPortalAccess(ctx, q, acc); err != nil {
			return out, err
		}
	}
	kind, err := s.sendInvitation(ctx, q, a.p, &acc, now)
	if err != nil {
		return out, err
	}
	if err := store.UpdatePortalAccess(ctx, q, acc, now); err != nil {
		return out, err
	}
	if err := store.RefreshPortalState(ctx, q, c.ID); err != nil {
		return out, err
	}
	if out, err = store.PortalAccessByID(ctx, q, c.PracticeID, acc.ID); err != nil {
		return out, err
	}
	if len(in.TemplateIDs) > 0 {
		if err := s.requestDocuments(ctx, q, a.p, c, u, in.TemplateIDs); err != nil {
			return out, err
		}
	}
	e := s.event(a.p, "chart.portal.invite", c.ID)
	e.RecordType, e.RecordID, e.Detail = "portal_access", acc.ID, kind
	return out, s.Audit.Append(ctx, q, e)
}

// requestDocuments requests the templates on chart c for portal user u, inside q (PT-2).
func (s *Service) requestDocuments(ctx context.Context, q store.Q, p model.Principal, c model.Client, u PortalUser, templateIDs []string) error {
	if s.RequestDocuments == nil {
		return errors.New("clients: sending documents with an invitation needs package documents")
	}
	member := ""
	if c.IsGroup() {
		member = u.PersonID
	}
	return s.RequestDocuments(ctx, q, p, c, member, templateIDs)
}

// pickPortalUser finds who the invitation is for among the chart's possible portal users.
func pickPortalUser(users []PortalUser, c model.Client, in InviteInput) (PortalUser, error) {
	for _, u := range users {
		switch {
		case in.ContactID != "" && u.ContactID == in.ContactID,
			in.MemberID != "" && u.MemberID == in.MemberID,
			in.PersonID != "" && u.PersonID == in.PersonID,
			in.ContactID == "" && in.MemberID == "" && in.PersonID == "" && u.Role == model.AccessSelf:
			return u, nil
		}
	}
	if in.ContactID != "" || in.MemberID != "" || in.PersonID != "" {
		return PortalUser{}, fmt.Errorf("clients: no such portal user of chart %s: %w", c.ID, model.ErrNotFound)
	}
	return PortalUser{}, model.FieldError("member_id", "Choose which member of the couple or family to invite.")
}

// setPersonEmail stores the email an invitation was sent to as the person's own. For a client (the
// chart's subject, a member, or a contact who has a chart of their own) it goes through their chart —
// which the principal must be allowed to change — so its search finds it and the change is audited there.
// Another person of the practice with the email is CL-2.
func (s *Service) setPersonEmail(ctx context.Context, q store.Q, a access, u PortalUser, email string, at time.Time) error {
	pe, err := store.PersonByID(ctx, q, a.p.PracticeID, u.PersonID)
	if err != nil {
		return err
	}
	if pe.ChartID == "" {
		n := model.NewPerson{FirstName: pe.FirstName, LastName: pe.LastName, Email: email, Phone: pe.Phone}
		return isEmailConflict(store.UpdatePerson(ctx, q, a.p.PracticeID, u.PersonID, n, at))
	}
	own, err := store.ClientByID(ctx, q, a.p.PracticeID, pe.ChartID)
	if err != nil {
		return err
	}
	if !a.canChange(own) {
		return model.FieldError("email", u.Name+"'s email is kept on their own chart, which you cannot change. "+
			"Ask a colleague who can to add it there, or leave this as it is.")
	}
	own.Email, own.UpdatedAt = email, at
	if err := store.UpdateClient(ctx, q, own); err != nil {
		return isEmailConflict(err)
	}
	e := s.event(a.p, "chart.update", own.ID)
	e.Detail = "email (portal invitation)"
	return s.Audit.Append(ctx, q, e)
}

// sendInvitation makes the access's invitation and queues its email, inside q: a link to register, or a
// connection request when the email already has an account. It sets the access's state and returns the
// kind of invitation sent.
func (s *Service) sendInvitation(ctx context.Context, q store.Q, p model.Principal, acc *model.PortalAccess, now time.Time) (string, error) {
	if s.Mail == nil {
		return "", errors.New("clients: invitations need the outbox")
	}
	pr, err := store.PracticeByID(ctx, q, acc.PracticeID)
	if err != nil {
		return "", err
	}
	_, _, err = store.PortalAccountByEmail(ctx, q, acc.Email)
	hasAccount := err == nil
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return "", err
	}
	inv := model.Invitation{ID: id.New(), Kind: model.InvitationLink, SentAt: now, ExpiresAt: now.Add(InvitationLifetime)}
	if acc.Invitation != nil {
		inv.ID = acc.Invitation.ID
	}
	token := ""
	if hasAccount {
		inv.Kind, inv.ExpiresAt, acc.State = model.InvitationRequest, now.Add(requestLifetime), model.AccessRequested
	} else {
		token, acc.State = id.Token(32), model.AccessInvited
	}
	if err := store.InsertInvitation(ctx, q, acc.PracticeID, acc.ID, p.StaffID, inv, hashOrEmpty(token)); err != nil {
		return "", err
	}
	acc.Invitation = &inv
	d, err := invitationMail(pr, acc.Email, s.BaseURL, token, inv.ExpiresAt)
	if err != nil {
		return "", err
	}
	_, err = s.Mail.Queue(ctx, q, d)
	return inv.Kind, err
}

func hashOrEmpty(token string) string {
	if token == "" {
		return ""
	}
	return id.HashToken(token)
}

// invitationMail is the invitation (with a link) or connection request (without one). It names the
// practice, never the client: the subject and body hold no clinical content. The expiry is written in the
// practice's time zone and date format (CL-11).
func invitationMail(pr model.Practice, to, baseURL, token string, expires time.Time) (outbox.Draft, error) {
	// A connection request has the same subject as an invitation: the Mail log must not tell staff who
	// has an account elsewhere.
	name, link := mail.PortalConnectionRequest, baseURL+"/portal/login"
	if token != "" {
		name, link = mail.PortalInvitation, baseURL+"/portal/register?t="+token
	}
	subject, text, body, err := mail.Render(name, map[string]any{"Practice": pr.Name, "Link": link, "Expires": expires, "Loc": pr.Locale()})
	return outbox.Draft{PracticeID: pr.ID, To: to, Subject: subject, Text: text, HTML: body}, err
}

// ResendInvitation sends an open invitation again (PT-3): a new link, and the previous one stops working.
// inChart, when given, is the chart the invitation must be on ("" when the caller names it alone, as the API does).
func (s *Service) ResendInvitation(ctx context.Context, p model.Principal, inChart, invitationID string) (model.PortalAccess, error) {
	return s.changeInvitation(ctx, p, inChart, invitationID, "chart.portal.resend", func(q store.Q, acc *model.PortalAccess, now time.Time) error {
		_, err := s.sendInvitation(ctx, q, p, acc, now)
		if err != nil {
			return err
		}
		return store.UpdatePortalAccess(ctx, q, *acc, now)
	})
}

// DeleteInvitation withdraws an open invitation or request (PT-3): its link stops working and the person
// has no access to the chart any more. inChart as for ResendInvitation.
func (s *Service) DeleteInvitation(ctx context.Context, p model.Principal, inChart, invitationID string) error {
	_, err := s.changeInvitation(ctx, p, inChart, invitationID, "chart.portal.invitation_delete", func(q store.Q, acc *model.PortalAccess, now time.Time) error {
		return store.DeletePortalAccess(ctx, q, acc.ID)
	})
	return err
}

// changeInvitation loads an open invitation the principal may change, runs fn on its access and audits it.
func (s *Service) changeInvitation(ctx context.Context, p model.Principal, inChart, invitationID, action string,
	fn func(q store.Q, acc *model.PortalAccess, now time.Time) error) (model.PortalAccess, error) {
	var out model.PortalAccess
	chartID := ""
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if !id.Valid(invitationID) {
			return fmt.Errorf("clients: malformed invitation id: %w", model.ErrNotFound)
		}
		acc, err := store.AccessOfInvitation(ctx, q, p.PracticeID, invitationID)
		if err != nil {
			return err
		}
		if inChart != "" && acc.ChartID != inChart {
			return fmt.Errorf("clients: invitation %s is on another chart: %w", invitationID, model.ErrNotFound)
		}
		chartID = acc.ChartID
		a, c, err := s.changeable(ctx, q, p, acc.ChartID)
		if err != nil {
			return err
		}
		if !acc.State.Open() {
			return &model.ValidationError{Message: "This invitation was already answered. Manage the person's access on the Portal tab instead."}
		}
		if c.State != model.StateActive && action == "chart.portal.resend" {
			return &model.ValidationError{Message: "Only a client in care can be invited. Reactivate or restore the chart first."}
		}
		now := s.Now().UTC()
		if err := fn(q, &acc, now); err != nil {
			return err
		}
		if err := store.RefreshPortalState(ctx, q, c.ID); err != nil {
			return err
		}
		out = acc
		if action != "chart.portal.invitation_delete" {
			if out, err = store.PortalAccessByID(ctx, q, c.PracticeID, acc.ID); err != nil {
				return err
			}
		}
		e := s.event(a.p, action, c.ID)
		e.RecordType, e.RecordID = "portal_access", acc.ID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.PortalAccess{}, fmt.Errorf("clients: %s: %w", action, s.auditDenied(ctx, p, action, chartID, err))
	}
	return out, nil
}
