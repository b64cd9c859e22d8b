package reflections

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// PortalList is a chart's shared notes as its portal user sees them (PT-9).
type PortalList struct {
	Access store.AccountAccess
	Items  []View
	Next   string
}

// PortalView is one shared reflection as the portal user sees it.
type PortalView struct {
	Access store.AccountAccess
	View
}

// SeesShared reports whether the portal user of access a may read the chart's shared notes (PT-7).
func SeesShared(pp model.PortalPrincipal, a store.AccountAccess) bool {
	return authz.PortalCan(portalUser(pp, a), authz.View, authz.ClinicalNotes)
}

// portalUser is what the portal policy needs of an access: open only to its own account, while active,
// on a chart in care.
func portalUser(pp model.PortalPrincipal, a store.AccountAccess) authz.PortalUser {
	return authz.PortalUser{Role: a.Role, Permissions: a.Permissions,
		Open: a.AccountID == pp.AccountID && a.State == model.AccessActive && a.RecordState == model.StateActive}
}

// portalAccess returns the person's access accessID when it may read shared notes; anything else is
// model.ErrNotFound.
func (s *Service) portalAccess(ctx context.Context, pp model.PortalPrincipal, accessID string) (store.AccountAccess, error) {
	if !id.Valid(accessID) {
		return store.AccountAccess{}, fmt.Errorf("reflections: malformed access id: %w", model.ErrNotFound)
	}
	a, err := store.AccessOfAccountByID(ctx, s.Store.R(), accessID)
	if err != nil {
		return a, fmt.Errorf("reflections: portal: %w", err)
	}
	if err := authz.PortalDecide(portalUser(pp, a), authz.View, authz.ClinicalNotes); err != nil {
		return store.AccountAccess{}, fmt.Errorf("reflections: access %s: %w", accessID, err)
	}
	return a, nil
}

// PortalList lists the reflections shared on the chart of the person's access, newest first, and audits
// the open in the chart's practice (it shows in "who opened my record" as the client's own, not staff's).
func (s *Service) PortalList(ctx context.Context, pp model.PortalPrincipal, accessID, page string) (PortalList, error) {
	a, err := s.portalAccess(ctx, pp, accessID)
	if err != nil {
		return PortalList{}, err
	}
	l, err := s.page(ctx, model.Client{ID: a.ChartID, PracticeID: a.PracticeID}, true, page)
	if err != nil {
		return PortalList{}, err
	}
	e := s.portalEvent(pp, a, "portal.reflections.view", "portal_access", a.ID)
	return PortalList{Access: a, Items: l.Items, Next: l.Next}, s.recordRead(ctx, e)
}

// PortalGet opens one shared reflection; an unshared, deleted or another chart's one is model.ErrNotFound.
func (s *Service) PortalGet(ctx context.Context, pp model.PortalPrincipal, accessID, refID string) (PortalView, error) {
	a, err := s.portalAccess(ctx, pp, accessID)
	if err != nil {
		return PortalView{}, err
	}
	r, err := reflection(ctx, s.Store.R(), model.Client{ID: a.ChartID, PracticeID: a.PracticeID}, refID)
	if err != nil {
		return PortalView{}, fmt.Errorf("reflections: portal: %w", err)
	}
	if !r.Shared() {
		return PortalView{}, fmt.Errorf("reflections: %s is not shared: %w", r.ID, model.ErrNotFound)
	}
	return PortalView{Access: a, View: s.view(r)}, s.recordRead(ctx, s.portalEvent(pp, a, "portal.reflection.view", "reflection", r.ID))
}

func (s *Service) portalEvent(pp model.PortalPrincipal, a store.AccountAccess, action, recordType, recordID string) model.AuditEvent {
	return model.AuditEvent{PracticeID: a.PracticeID, At: s.now(), ActorType: model.ActorPortal, ActorID: pp.AccountID, ActorRole: "portal",
		Action: action, RecordType: recordType, RecordID: recordID, ChartID: a.ChartID, IP: pp.IP, Outcome: model.OutcomeSuccess}
}
