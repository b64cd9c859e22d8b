package clients

import (
	"context"
	"fmt"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// SetPortalEnabled disables a registered person's access to a chart (PT-4: every session of theirs ends
// at once, nothing is lost) or enables it again.
func (s *Service) SetPortalEnabled(ctx context.Context, p model.Principal, chartID, accessID string, enabled bool) (model.PortalAccess, error) {
	action := "chart.portal.disable"
	if enabled {
		action = "chart.portal.enable"
	}
	return s.changeAccess(ctx, p, chartID, accessID, action, func(q store.Q, acc *model.PortalAccess, now time.Time) error {
		switch {
		case enabled && acc.State == model.AccessDisabled:
			acc.State = model.AccessActive
		case !enabled && acc.State == model.AccessActive:
			acc.State = model.AccessDisabled
			if _, err := store.DeleteSessionsOf(ctx, q, model.RealmPortal, acc.AccountID); err != nil {
				return err
			}
		case enabled && acc.State == model.AccessActive, !enabled && acc.State == model.AccessDisabled:
			return nil // already as asked
		default:
			return &model.ValidationError{Message: acc.PersonName + " has not registered yet, so there is no access to " +
				map[bool]string{true: "enable", false: "disable"}[enabled] + ". Delete the invitation instead."}
		}
		return store.UpdatePortalAccess(ctx, q, *acc, now)
	})
}

// UpdatePortalPermissions changes what a portal user may do and see on a chart (PT-6, PT-7).
func (s *Service) UpdatePortalPermissions(ctx context.Context, p model.Principal, chartID, accessID string, features []string) (model.PortalAccess, error) {
	return s.changeAccess(ctx, p, chartID, accessID, "chart.portal.permissions", func(q store.Q, acc *model.PortalAccess, now time.Time) error {
		fs, bad := model.ParseFeatures(features)
		if len(bad) > 0 {
			return model.FieldError("features", "Choose permissions from the list.")
		}
		acc.Permissions = fs
		return store.UpdatePortalAccess(ctx, q, *acc, now)
	})
}

// changeAccess loads one access of a chart the principal may change, runs fn and audits it.
func (s *Service) changeAccess(ctx context.Context, p model.Principal, chartID, accessID, action string,
	fn func(q store.Q, acc *model.PortalAccess, now time.Time) error) (model.PortalAccess, error) {
	var out model.PortalAccess
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, c, err := s.changeable(ctx, q, p, chartID)
		if err != nil {
			return err
		}
		if !id.Valid(accessID) {
			return fmt.Errorf("clients: malformed access id: %w", model.ErrNotFound)
		}
		acc, err := store.PortalAccessByID(ctx, q, c.PracticeID, accessID)
		if err != nil {
			return err
		}
		if acc.ChartID != c.ID {
			return fmt.Errorf("clients: access %s is of another chart: %w", accessID, model.ErrNotFound)
		}
		now := s.Now().UTC()
		if err := fn(q, &acc, now); err != nil {
			return err
		}
		if err := store.RefreshPortalState(ctx, q, c.ID); err != nil {
			return err
		}
		out = acc
		e := s.event(a.p, action, c.ID)
		e.RecordType, e.RecordID = "portal_access", acc.ID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.PortalAccess{}, fmt.Errorf("clients: %s: %w", action, s.auditDenied(ctx, p, action, chartID, err))
	}
	return out, nil
}
