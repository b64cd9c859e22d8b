package authz

import (
	"fmt"

	"tend/internal/model"
)

// PortalUser is a signed-in portal account's access to one chart.
type PortalUser struct {
	Role        model.AccessRole
	Permissions model.Features
	// Open is true when the access belongs to the signed-in account, is active, and its chart is in care.
	Open bool
}

// PortalCan reports whether the portal user may do act on r of the chart.
func PortalCan(u PortalUser, act Action, r Resource) bool { return PortalDecide(u, act, r) == nil }

// PortalDecide answers nil when the portal user may do act on r of the chart, else an error wrapping
// model.ErrNotFound: a portal user never learns what they may not reach.
func PortalDecide(u PortalUser, act Action, r Resource) error {
	if !u.Open {
		return fmt.Errorf("authz: portal access not open: %w", model.ErrNotFound)
	}
	for _, rw := range portalTable {
		if rw.res != r || rw.act != act {
			continue
		}
		if rw.needs != "" && !u.Permissions.Has(rw.needs) {
			return fmt.Errorf("authz: portal user lacks %s: %w", rw.needs, model.ErrNotFound)
		}
		if rw.allows(u.Role) {
			return nil
		}
		break
	}
	return fmt.Errorf("authz: portal %s may not %s %s: %w", u.Role, act, r, model.ErrNotFound)
}

func (rw portalRow) allows(r model.AccessRole) bool {
	switch r {
	case model.AccessSelf:
		return rw.self
	case model.AccessGuardian:
		return rw.guardian
	case model.AccessContact:
		return rw.contact
	case model.AccessMember:
		return rw.member
	}
	return false
}
