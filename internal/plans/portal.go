package plans

import (
	"context"
	"fmt"
	"html/template"
	"time"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// The portal side of treatment plans (PT-10, issue 15 item 3): a client, guardian or group member with
// the documents permission reads the plans the clinician shared, each as its newest clinician-signed
// version (never a draft, never a newer unsigned version), and may sign that version. Anything else — an
// unshared plan, another chart's, an access without the permission, a contact who is not a guardian —
// answers model.ErrNotFound, like a missing one.

// PortalList is the shared plans of a chart as its portal user sees them.
type PortalList struct {
	Access store.AccountAccess
	Plans  []store.SharedPlan
}

// ToSign is how many of the plans wait for the person's signature.
func (l PortalList) ToSign() int {
	n := 0
	for _, p := range l.Plans {
		if p.AwaitsSignature() {
			n++
		}
	}
	return n
}

// PortalView is one shared plan as its portal user reads it.
type PortalView struct {
	Access  store.AccountAccess
	Plan    model.TreatmentPlan
	Version model.PlanVersion // the newest version the clinician signed, with every signature on it
	// Narrative is the version's narrative as sanitized HTML.
	Narrative template.HTML
	// Mine is the person's own signature on this version; nil when they have not signed it.
	Mine *model.PlanSignature
	// CanSign: the person may sign this version now (not yet signed by them, the plan not closed).
	CanSign bool
}

// portalUser is what the portal policy needs of an access: open only to its own account, while active,
// on a chart in care.
func portalUser(pp model.PortalPrincipal, a store.AccountAccess) authz.PortalUser {
	return authz.PortalUser{Role: a.Role, Permissions: a.Permissions,
		Open: a.AccountID == pp.AccountID && a.State == model.AccessActive && a.RecordState == model.StateActive}
}

// SeesPlans reports whether the portal user of access a may read the chart's shared plans.
func SeesPlans(pp model.PortalPrincipal, a store.AccountAccess) bool {
	return authz.PortalCan(portalUser(pp, a), authz.View, authz.TreatmentPlans)
}

// portalAccess returns the person's access accessID when the policy lets them do act on its plans;
// anything else is model.ErrNotFound.
func (s *Service) portalAccess(ctx context.Context, q store.Q, pp model.PortalPrincipal, accessID string, act authz.Action) (store.AccountAccess, error) {
	if !id.Valid(accessID) {
		return store.AccountAccess{}, fmt.Errorf("plans: malformed access id: %w", model.ErrNotFound)
	}
	a, err := store.AccessOfAccountByID(ctx, q, accessID)
	if err != nil {
		return a, fmt.Errorf("plans: portal: %w", err)
	}
	if err := authz.PortalDecide(portalUser(pp, a), act, authz.TreatmentPlans); err != nil {
		return store.AccountAccess{}, fmt.Errorf("plans: access %s: %w", accessID, err)
	}
	return a, nil
}

// PortalList lists the plans shared on the chart of the person's access, active first, and audits the
// read in the chart's practice (it shows in "who opened my record" as the client's own, not staff's).
func (s *Service) PortalList(ctx context.Context, pp model.PortalPrincipal, accessID string) (PortalList, error) {
	l, err := s.PortalGlance(ctx, pp, accessID)
	if err != nil {
		return PortalList{}, err
	}
	return l, s.recordRead(ctx, s.portalEvent(pp, l.Access, "portal.plans.view", "portal_access", l.Access.ID))
}

// PortalGlance is PortalList without its audit event, for the chart's portal home (which is audited
// itself): whether there is a plan to link, and which wait for the person's signature.
func (s *Service) PortalGlance(ctx context.Context, pp model.PortalPrincipal, accessID string) (PortalList, error) {
	q := s.Store.R()
	a, err := s.portalAccess(ctx, q, pp, accessID, authz.View)
	if err != nil {
		return PortalList{}, err
	}
	ps, err := store.SharedPlansOfChart(ctx, q, a.ChartID, pp.AccountID)
	if err != nil {
		return PortalList{}, fmt.Errorf("plans: portal list: %w", err)
	}
	return PortalList{Access: a, Plans: ps}, nil
}

// sharedPlan reads a plan of the access's chart as the portal may show it, with its newest signed
// version (and that version's signatures); any other plan is model.ErrNotFound.
func sharedPlan(ctx context.Context, q store.Q, a store.AccountAccess, planID string, lock bool) (model.TreatmentPlan, model.PlanVersion, error) {
	var v model.PlanVersion
	if !id.Valid(planID) {
		return model.TreatmentPlan{}, v, fmt.Errorf("plans: malformed plan id: %w", model.ErrNotFound)
	}
	if lock {
		if err := store.LockPlan(ctx, q, planID); err != nil {
			return model.TreatmentPlan{}, v, err
		}
	}
	pl, err := store.PlanByID(ctx, q, a.PracticeID, planID)
	if err != nil {
		return pl, v, err
	}
	if pl.ChartID != a.ChartID || !pl.Shared() {
		return model.TreatmentPlan{}, v, fmt.Errorf("plans: plan %s is not shared on this chart: %w", planID, model.ErrNotFound)
	}
	n, err := store.LatestSignedPlanVersion(ctx, q, pl.ID)
	if err != nil {
		return pl, v, err
	}
	if n == 0 {
		return model.TreatmentPlan{}, v, fmt.Errorf("plans: plan %s has no signed version: %w", planID, model.ErrNotFound)
	}
	v, err = store.PlanVersion(ctx, q, pl.ID, n)
	return pl, v, err
}

// PortalGet opens a shared plan at its newest clinician-signed version and audits the read.
func (s *Service) PortalGet(ctx context.Context, pp model.PortalPrincipal, accessID, planID string) (PortalView, error) {
	q := s.Store.R()
	a, err := s.portalAccess(ctx, q, pp, accessID, authz.View)
	if err != nil {
		return PortalView{}, err
	}
	pl, v, err := sharedPlan(ctx, q, a, planID, false)
	if err != nil {
		return PortalView{}, fmt.Errorf("plans: portal: %w", err)
	}
	out := s.portalView(pp, a, pl, v)
	e := s.portalEvent(pp, a, "portal.plan.view", recordType, pl.ID)
	e.Detail = fmt.Sprintf("version=%d", v.Number)
	return out, s.recordRead(ctx, e)
}

func (s *Service) portalView(pp model.PortalPrincipal, a store.AccountAccess, pl model.TreatmentPlan, v model.PlanVersion) PortalView {
	out := PortalView{Access: a, Plan: pl, Version: v, Narrative: s.Narrative(v.Content.Narrative)}
	for i, sg := range v.Signatures {
		if sg.Role == model.PlanSignerClient && sg.AccountID == pp.AccountID {
			out.Mine = &v.Signatures[i]
		}
	}
	out.CanSign = out.Mine == nil && pl.State == model.PlanActive && authz.PortalCan(portalUser(pp, a), authz.Sign, authz.TreatmentPlans)
	return out
}

// Narrative is the narrative as sanitized HTML; without a renderer, as escaped text.
func (s *Service) Narrative(src string) template.HTML {
	if src == "" {
		return ""
	}
	if s.Render != nil {
		return s.Render(src)
	}
	return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>") // #nosec: escaped
}

// PortalSign signs a shared plan's newest clinician-signed version as the client (PT-10, DC-5): the
// person types their full name as it is on their account; the time, the SHA-256 of the version's exact
// content, their IP address and account are kept. number is the version they read: when the clinician
// signed a newer one since, the signature is refused with a conflict so they read it first. A second
// signature by the same account on the same version is a conflict; a later signed version needs signing
// anew, while this signature stays on this version.
func (s *Service) PortalSign(ctx context.Context, pp model.PortalPrincipal, accessID, planID string, number int, fullName string) (PortalView, error) {
	const action = "portal.plan.sign"
	var out PortalView
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, err := s.portalAccess(ctx, q, pp, accessID, authz.Sign)
		if err != nil {
			return err
		}
		pl, v, err := sharedPlan(ctx, q, a, planID, true)
		if err != nil {
			return err
		}
		// Checked once the plan is reached, so a plan the person may not reach answers not found whatever
		// the form holds.
		if number <= 0 {
			return model.FieldError("version", "Say which version you read and sign.")
		}
		if number != v.Number {
			return &model.ConflictError{Message: fmt.Sprintf("Your practice has signed a newer version of this plan (version %d). Read it, then sign.", v.Number)}
		}
		if pl.State != model.PlanActive {
			return &model.ConflictError{Message: "This plan is closed and can no longer be signed."}
		}
		for _, sg := range v.Signatures {
			if sg.Role == model.PlanSignerClient && sg.AccountID == pp.AccountID {
				return &model.ConflictError{Message: "You already signed this version of the plan."}
			}
		}
		name, err := model.TypedSignature(fullName, pp.Name)
		if err != nil {
			return err
		}
		sig := model.PlanSignature{ID: id.New(), PlanID: pl.ID, VersionID: v.ID, Role: model.PlanSignerClient, AccountID: pp.AccountID,
			TypedName: name, SignedAt: s.now(), SHA256: v.SHA256, SignerIP: pp.IP}
		if err := store.InsertPlanSignature(ctx, q, pl.PracticeID, sig); err != nil {
			return err
		}
		v.Signatures = append(v.Signatures, sig)
		out = s.portalView(pp, a, pl, v)
		e := s.portalEvent(pp, a, action, recordType, pl.ID)
		e.Detail = fmt.Sprintf("version=%d sha256=%s", v.Number, v.SHA256)
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return PortalView{}, fmt.Errorf("plans: %s: %w", action, err)
	}
	return out, nil
}

func (s *Service) portalEvent(pp model.PortalPrincipal, a store.AccountAccess, action, recordType, recordID string) model.AuditEvent {
	return model.AuditEvent{PracticeID: a.PracticeID, At: s.now(), ActorType: model.ActorPortal, ActorID: pp.AccountID, ActorRole: "portal",
		Action: action, RecordType: recordType, RecordID: recordID, ChartID: a.ChartID, IP: pp.IP, Outcome: model.OutcomeSuccess}
}

// SignedAt is when the person signed, the zero time when they have not.
func (v PortalView) SignedAt() time.Time {
	if v.Mine == nil {
		return time.Time{}
	}
	return v.Mine.SignedAt
}
