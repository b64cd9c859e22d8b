package model

import (
	"slices"
	"strings"
	"time"
)

// Feature is one thing a portal user may do or see (PT-6, PT-7).
type Feature string

// The features, in display order. Basic access (the practice's banner and the next appointment) comes
// with any access and is not a feature to grant.
const (
	FeatureDocuments    Feature = "documents"
	FeatureTasks        Feature = "tasks"
	FeatureNotes        Feature = "notes"
	FeatureFiles        Feature = "files"
	FeatureMessaging    Feature = "messaging"
	FeatureAppointments Feature = "appointments"
	FeatureBilling      Feature = "billing"
)

// AllFeatures lists the features in display order.
func AllFeatures() []Feature {
	return []Feature{FeatureDocuments, FeatureTasks, FeatureNotes, FeatureFiles, FeatureMessaging, FeatureAppointments, FeatureBilling}
}

// Label is the feature as a person reads it.
func (f Feature) Label() string {
	switch f {
	case FeatureDocuments:
		return "Complete and sign documents"
	case FeatureTasks:
		return "Tasks"
	case FeatureNotes:
		return "View shared notes"
	case FeatureFiles:
		return "View shared files"
	case FeatureMessaging:
		return "Messaging"
	case FeatureAppointments:
		return "View appointments"
	case FeatureBilling:
		return "View billing"
	}
	return string(f)
}

// Features is a set of features, kept sorted in display order without repeats.
type Features []Feature

// ParseFeatures checks names against the known features. Unknown names are returned as bad.
func ParseFeatures(names []string) (Features, []string) {
	var out Features
	var bad []string
	for _, n := range names {
		f := Feature(strings.TrimSpace(n))
		switch {
		case f == "":
		case !slices.Contains(AllFeatures(), f):
			bad = append(bad, n)
		case !slices.Contains(out, f):
			out = append(out, f)
		}
	}
	return out.sorted(), bad
}

func (fs Features) sorted() Features {
	order := AllFeatures()
	slices.SortFunc(fs, func(a, b Feature) int { return slices.Index(order, a) - slices.Index(order, b) })
	return fs
}

// Has reports whether the set holds f.
func (fs Features) Has(f Feature) bool { return slices.Contains(fs, f) }

// Strings returns the names, for JSON and storage.
func (fs Features) Strings() []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, string(f))
	}
	return out
}

// DefaultFeatures are ticked when a client is invited: everything but billing, which practices turn on
// when they bill through Tend.
func DefaultFeatures() Features {
	return Features{FeatureDocuments, FeatureTasks, FeatureNotes, FeatureFiles, FeatureMessaging, FeatureAppointments}
}

// AccessRole is who a portal user is to the chart.
type AccessRole string

// The roles: the client, a guardian of a minor, another contact (CT-4), a member on a group chart (GR-5).
const (
	AccessSelf     AccessRole = "self"
	AccessGuardian AccessRole = "guardian"
	AccessContact  AccessRole = "contact"
	AccessMember   AccessRole = "member"
)

// Label is the role as staff and clients read it.
func (r AccessRole) Label() string {
	switch r {
	case AccessSelf:
		return "Client"
	case AccessGuardian:
		return "Guardian"
	case AccessContact:
		return "Contact"
	case AccessMember:
		return "Member"
	}
	return string(r)
}

// AccessState is where a person's portal access stands.
type AccessState string

// The states. Invited shows as Pending (ST-1); requested waits for the account holder's approval (PT-5);
// declined is final until a new request; ended follows a restore from the archive (ST-3).
const (
	AccessInvited   AccessState = "invited"
	AccessRequested AccessState = "requested"
	AccessActive    AccessState = "active"
	AccessDisabled  AccessState = "disabled"
	AccessDeclined  AccessState = "declined"
	AccessEnded     AccessState = "ended"
)

// Label is the state as staff read it.
func (s AccessState) Label() string {
	switch s {
	case AccessInvited:
		return "Pending"
	case AccessRequested:
		return "Pending" // like an invitation: staff are not told that the email has an account elsewhere
	case AccessActive:
		return "Active"
	case AccessDisabled:
		return "Disabled"
	case AccessDeclined:
		return "Declined"
	case AccessEnded:
		return "Ended"
	}
	return "Not invited"
}

// Open reports whether the state waits on the person: an invitation or a request not yet answered.
func (s AccessState) Open() bool { return s == AccessInvited || s == AccessRequested }

// Invitation kinds: a link to register, or a connection request to an existing account (PT-5).
const (
	InvitationLink    = "invite"
	InvitationRequest = "request"
)

// Invitation is the latest invitation of an access.
type Invitation struct {
	ID        string
	Kind      string
	SentAt    time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
}

// PortalAccess is one person's access to one chart.
type PortalAccess struct {
	ID          string
	PracticeID  string
	ChartID     string
	PersonID    string
	PersonName  string
	Role        AccessRole
	Permissions Features
	Email       string
	AccountID   string
	State       AccessState
	Invitation  *Invitation // nil when there never was one (or it was deleted)
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// PortalAccount is a portal login: one email and password across practices (PT-1).
type PortalAccount struct {
	ID        string
	Email     string
	Name      string
	CreatedAt time.Time
}

// PortalPrincipal is a signed-in portal user.
type PortalPrincipal struct {
	AccountID string
	Email     string
	Name      string
	SessionID string
	IP        string
}
