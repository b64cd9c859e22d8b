package authz

import (
	"fmt"

	"tend/internal/model"
)

// Who is a signed-in staff member with the facts the chart rules need.
type Who struct {
	model.Principal
	// CliniciansSeeAll is the practice's "clinicians see all clients" setting.
	CliniciansSeeAll bool
	// Supervisees are the ids of the staff this person supervises.
	Supervisees map[string]bool
	// AdminSeesClinical is the practice's "admins see clinical information" setting (CL-8).
	AdminSeesClinical bool
}

// Target is the record acted on: a resource kind, and for chart-scoped records the chart they are in.
type Target struct {
	Resource Resource
	// PracticeID is the record's practice; "" means the person's own (the store already scoped it).
	PracticeID string
	// InChart is set when the record lives in one chart; ClinicianID is then the chart's clinician ("" when unassigned).
	InChart     bool
	ClinicianID string
	// AuthorID is who wrote the record, for rules that keep a record to its author.
	AuthorID string
	// AuthorSupervisorID is the supervisor of the record's author, for rules that leave a record to them
	// (co-signing a supervisee's note).
	AuthorSupervisorID string
}

// On is a target that stands for the resource across the practice.
func On(r Resource) Target { return Target{Resource: r} }

// InChart is a target inside chart c.
func InChart(r Resource, c model.Client) Target {
	return Target{Resource: r, PracticeID: c.PracticeID, InChart: true, ClinicianID: c.AssignedClinicianID}
}

// Can reports whether who may do act on t.
func Can(who Who, act Action, t Target) bool { return Decide(who, act, t) == nil }

// Decide answers nil when who may do act on t, an error wrapping model.ErrNotFound when who must not
// learn that t exists (another practice, a chart out of reach, content kept from the role), and one
// wrapping model.ErrForbidden otherwise.
func Decide(who Who, act Action, t Target) error {
	otherPractice := t.PracticeID != "" && t.PracticeID != who.PracticeID
	// Inside a chart, the chart comes first: one out of reach answers like a missing one, whatever is asked of it.
	if t.InChart && (otherPractice || reachOf(who, t.ClinicianID) == none) {
		return fmt.Errorf("authz: chart out of reach: %w", model.ErrNotFound)
	}
	sc := cell(who.Role, t.Resource, act)
	switch {
	case (sc == readOptIn || sc == writeOptIn) && !who.AdminSeesClinical:
		sc = hide
	case sc == readOptIn:
		sc = read
	case sc == writeOptIn:
		sc = write
	}
	switch {
	case sc == no:
		return fmt.Errorf("authz: %s may not %s %s: %w", who.Role, act, t.Resource, model.ErrForbidden)
	case sc == hide:
		return fmt.Errorf("authz: %s is kept from %s: %w", t.Resource, who.Role, model.ErrNotFound)
	case otherPractice:
		return fmt.Errorf("authz: %s of another practice: %w", t.Resource, model.ErrNotFound)
	case sc == own && (t.AuthorID == "" || t.AuthorID != who.StaffID):
		// A record of someone else's answers like a missing one; so does one whose author the caller did
		// not say, so that forgetting it refuses instead of letting everyone in.
		return fmt.Errorf("authz: %s are their author's alone: %w", t.Resource, model.ErrNotFound)
	case sc == supervises && (t.AuthorSupervisorID == "" || t.AuthorSupervisorID != who.StaffID):
		return fmt.Errorf("authz: only the author's supervisor may %s %s: %w", act, t.Resource, model.ErrForbidden)
	case sc == own && t.InChart && act != View && act != List && reachOf(who, t.ClinicianID) != readWrite:
		// One's own records in a chart one may only read (a supervisee's) are not written there either.
		return fmt.Errorf("authz: chart is read-only to %s: %w", who.Role, model.ErrForbidden)
	case sc == write && t.InChart && reachOf(who, t.ClinicianID) != readWrite:
		return fmt.Errorf("authz: chart is read-only to %s: %w", who.Role, model.ErrForbidden)
	}
	return nil
}

// cell looks up the table; a resource and action it does not list is refused.
func cell(r model.Role, res Resource, act Action) scope {
	for _, rw := range table {
		if rw.res != res || rw.act != act {
			continue
		}
		switch r {
		case model.RoleOwner:
			return rw.owner
		case model.RoleAdmin:
			return rw.admin
		case model.RoleClinician:
			return rw.clinician
		case model.RoleSupervisor:
			return rw.supervisor
		case model.RoleBilling:
			return rw.billing
		}
	}
	return no
}

// RelationOf is how a chart assigned to clinicianID relates to who.
func RelationOf(who Who, clinicianID string) Relation {
	switch {
	case clinicianID != "" && clinicianID == who.StaffID:
		return Own
	case clinicianID != "" && who.Supervisees[clinicianID]:
		return Supervisee
	}
	return Colleague
}

// reachOf is how far who gets into a chart of their practice assigned to clinicianID.
func reachOf(who Who, clinicianID string) reach {
	rc := chartReach[who.Role][RelationOf(who, clinicianID)]
	if rc == ifSeesAll {
		if who.CliniciansSeeAll {
			return readWrite
		}
		return none
	}
	return rc
}

// Filter is which charts of the practice a listing shows to a person.
type Filter struct {
	All          bool   // every chart
	ClinicianID  string // else those assigned to this staff member
	SupervisorOf string // and those of the staff this person supervises
}

// ChartFilter is the listing filter that matches ReachOf: every chart the person reaches, and no other.
func ChartFilter(who Who) Filter {
	r := chartReach[who.Role]
	if r[Colleague] == readWrite || (r[Colleague] == ifSeesAll && who.CliniciansSeeAll) {
		return Filter{All: true}
	}
	f := Filter{ClinicianID: who.StaffID}
	if r[Supervisee] != none {
		f.SupervisorOf = who.StaffID
	}
	return f
}

// NeedsSupervisees reports whether the chart rules for who depend on whom they supervise, so use cases
// load that list only when it matters.
func NeedsSupervisees(r model.Role) bool {
	rc := chartReach[r]
	return rc[Supervisee] != none && rc[Supervisee] != rc[Colleague]
}

// MayGrant reports whether p may give someone role r: only an owner makes an owner.
func MayGrant(p model.Principal, r model.Role) bool { return r != model.RoleOwner || ownerOnly[p.Role] }

// MayChangeStaff reports whether p may change the account of a staff member who has role target: the
// table's staff rule, and only owners touch an owner.
func MayChangeStaff(p model.Principal, target model.Role) bool {
	return Can(Who{Principal: p}, Change, On(Staff)) && (target != model.RoleOwner || ownerOnly[p.Role])
}

// MayResetTwoStep reports whether p may reset the two-step sign-in of a colleague who has role target
// (they lost their phone and their recovery codes): the table's rule, and only owners touch an owner.
func MayResetTwoStep(p model.Principal, target model.Role) bool {
	return Can(Who{Principal: p}, Delete, On(StaffTwoStep)) && (target != model.RoleOwner || ownerOnly[p.Role])
}

// Assignable reports whether a staff member may be a chart's clinician.
func Assignable(st model.Staff) bool { return st.Active && clinicalRoles[st.Role] }

// SelfAssigns reports whether a chart that p creates without a clinician goes to p.
func SelfAssigns(p model.Principal) bool { return selfAssigning[p.Role] }

// PracticeWide reports whether p may do act on a resource that is not in a chart, for simple checks
// (staff, settings, logs, tags, templates).
func PracticeWide(p model.Principal, act Action, r Resource) bool {
	return Can(Who{Principal: p}, act, On(r))
}
