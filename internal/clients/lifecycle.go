package clients

import (
	"context"
	"fmt"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Lifecycle actions (ST-1, ST-3).
const (
	ActionDeactivate = "deactivate"
	ActionReactivate = "reactivate"
	ActionArchive    = "archive"
	ActionRestore    = "restore"
	ActionDelete     = "delete"
)

// targetState is the record state an action leads to, and the states it may start from.
func targetState(action string) (model.RecordState, []model.RecordState, bool) {
	switch action {
	case ActionDeactivate:
		return model.StateInactive, []model.RecordState{model.StateActive}, true
	case ActionReactivate:
		return model.StateActive, []model.RecordState{model.StateInactive}, true
	case ActionArchive:
		return model.StateArchived, []model.RecordState{model.StateActive, model.StateInactive}, true
	case ActionRestore:
		return model.StateActive, []model.RecordState{model.StateArchived}, true
	}
	return "", nil, false
}

// SetState deactivates, reactivates, archives or restores a chart. Archiving keeps every piece of data;
// restoring a client who never registered in the portal is direct (ST-3).
func (s *Service) SetState(ctx context.Context, p model.Principal, chartID, action string) (model.Client, error) {
	var out model.Client
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, err := s.accessFor(ctx, q, p)
		if err != nil {
			return err
		}
		c, err := s.setState(ctx, q, a, chartID, action, false)
		out = c
		return err
	})
	if err != nil {
		return model.Client{}, fmt.Errorf("clients: %s: %w", action, s.auditDenied(ctx, p, "chart."+action, chartID, err))
	}
	return out, nil
}

func (s *Service) setState(ctx context.Context, q store.Q, a access, chartID, action string, bulk bool) (model.Client, error) {
	to, from, ok := targetState(action)
	if !ok {
		return model.Client{}, model.FieldError("action", "Choose deactivate, reactivate, archive, restore or delete.")
	}
	c, err := s.load(ctx, q, a, chartID)
	if err != nil {
		return c, err
	}
	if !a.canChange(c) {
		return c, model.ErrForbidden
	}
	if bulk && c.State == to {
		return c, nil // already as asked: a bulk action leaves it be
	}
	allowed := false
	for _, st := range from {
		allowed = allowed || c.State == st
	}
	if !allowed {
		return c, &model.ValidationError{Message: fmt.Sprintf("%s is %s, so it cannot be %s.", c.Name(), c.Status().Label(), pastTense(action))}
	}
	restoring := c.State == model.StateArchived
	c.State, c.UpdatedAt = to, s.Now().UTC()
	if err := store.UpdateClient(ctx, q, c); err != nil {
		return c, err
	}
	if restoring {
		// ST-3: a registered person consented to the chart before it was archived; they are asked again.
		if _, err := store.EndRegisteredAccess(ctx, q, c.ID, c.UpdatedAt); err != nil {
			return c, err
		}
		if err := store.RefreshPortalState(ctx, q, c.ID); err != nil {
			return c, err
		}
		if c, err = store.ClientByID(ctx, q, a.p.PracticeID, c.ID); err != nil {
			return c, err
		}
	}
	return c, s.Audit.Append(ctx, q, s.event(a.p, "chart."+action, c.ID))
}

func pastTense(action string) string {
	switch action {
	case ActionDeactivate:
		return "deactivated"
	case ActionReactivate:
		return "reactivated"
	case ActionArchive:
		return "archived"
	case ActionRestore:
		return "restored"
	}
	return action + "d"
}

// Delete removes a chart for good (ST-4); owners and admins only. The audit log keeps that the chart
// was deleted, and by whom, never what it held.
func (s *Service) Delete(ctx context.Context, p model.Principal, chartID string) error {
	var outside []string
	err := s.Store.Tx(ctx, func(q store.Q) error {
		a, err := s.accessFor(ctx, q, p)
		if err != nil {
			return err
		}
		if outside, err = s.filesOutside(ctx, q, chartID); err != nil {
			return err
		}
		return s.delete(ctx, q, a, chartID)
	})
	if err != nil {
		return fmt.Errorf("clients: delete: %w", s.auditDenied(ctx, p, "chart.delete", chartID, err))
	}
	return s.removeFiles(ctx, outside)
}

// filesOutside lists the chart's files whose bytes sit outside the database (issue 17, item 2).
func (s *Service) filesOutside(ctx context.Context, q store.Q, chartID string) ([]string, error) {
	if s.Files == nil || !id.Valid(chartID) {
		return nil, nil
	}
	return s.Files.OfChart(ctx, q, chartID)
}

// removeFiles deletes the bytes of a deleted chart's files kept outside the database.
func (s *Service) removeFiles(ctx context.Context, fileIDs []string) error {
	if s.Files == nil || len(fileIDs) == 0 {
		return nil
	}
	if err := s.Files.Removed(ctx, fileIDs); err != nil {
		return fmt.Errorf("clients: delete: the chart is deleted, but some of its files' stored bytes were not: %w", err)
	}
	return nil
}

func (s *Service) delete(ctx context.Context, q store.Q, a access, chartID string) error {
	c, err := s.load(ctx, q, a, chartID)
	if err != nil {
		return err
	}
	if !a.canDelete() {
		return model.ErrForbidden
	}
	groups, err := store.GroupsOf(ctx, q, c.ID)
	if err != nil {
		return err
	}
	if err := store.DeleteClient(ctx, q, c); err != nil {
		return err
	}
	// CT-3: the client leaves every group; a group left with one member is flagged, not deleted.
	if err := s.refreshGroupsOf(ctx, q, a.p.PracticeID, groups); err != nil {
		return err
	}
	return s.Audit.Append(ctx, q, s.event(a.p, "chart.delete", c.ID))
}

// Links lists the charts on which a client is a contact or group member, for the delete
// confirmation (CT-3).
func (s *Service) Links(ctx context.Context, p model.Principal, chartID string) ([]store.LinkedChart, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return nil, err
	}
	c, err := s.load(ctx, s.Store.R(), a, chartID)
	if err != nil {
		return nil, fmt.Errorf("clients: links: %w", s.auditDenied(ctx, p, "chart.view", chartID, err))
	}
	if !a.canDelete() {
		return nil, model.ErrForbidden
	}
	links, err := store.LinkedCharts(ctx, s.Store.R(), c)
	return a.visibleLinks(links), err
}

// maxLinkedListed bounds how many chosen clients a bulk-delete confirmation looks up links for.
const maxLinkedListed = 200

// LinksOfMany lists the other charts the chosen clients are contacts or members on, for a bulk-delete
// confirmation (CT-3); charts among the chosen ones are left out. known is false when too many
// clients were chosen to look them all up.
func (s *Service) LinksOfMany(ctx context.Context, p model.Principal, ids []string) ([]store.LinkedChart, bool, error) {
	if len(ids) > maxLinkedListed {
		return nil, false, nil
	}
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return nil, false, err
	}
	if !a.canDelete() {
		return nil, true, nil // the delete itself will be refused
	}
	chosen := map[string]bool{}
	for _, id := range ids {
		chosen[id] = true
	}
	seen := map[string]bool{}
	var out []store.LinkedChart
	for _, id := range ids {
		c, err := s.load(ctx, s.Store.R(), a, id)
		if isNotFound(err) {
			continue // the delete itself will answer for it
		}
		if err != nil {
			return nil, false, err
		}
		links, err := store.LinkedCharts(ctx, s.Store.R(), c)
		if err != nil {
			return nil, false, err
		}
		for _, l := range a.visibleLinks(links) {
			if !chosen[l.ID] && !seen[l.ID] {
				seen[l.ID] = true
				out = append(out, l)
			}
		}
	}
	return out, true, nil
}
