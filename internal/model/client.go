package model

import (
	"strings"
	"time"
)

// ChartKind is what a chart is about: one adult, a minor, or a group (couple, family, conjoint).
type ChartKind string

// The chart kinds.
const (
	KindIndividual ChartKind = "individual"
	KindMinor      ChartKind = "minor"
	KindGroup      ChartKind = "group"
)

// RecordState is the stored lifecycle state of a chart; the displayed status is derived (Status).
type RecordState string

// The record states.
const (
	StateActive   RecordState = "active"
	StateInactive RecordState = "inactive"
	StateArchived RecordState = "archived"
)

// Status is what staff see about care (ST-1): Active, Pending (a new client whose only step so far is an
// unanswered portal invitation), Inactive, Archived. The portal state is shown apart (PortalLabel).
type Status string

// The displayed statuses (ST-1).
const (
	StatusActive   Status = "active"
	StatusPending  Status = "pending"
	StatusInactive Status = "inactive"
	StatusArchived Status = "archived"
)

// Statuses lists the statuses in display order.
func Statuses() []Status {
	return []Status{StatusActive, StatusPending, StatusInactive, StatusArchived}
}

// Label is the status as people read it.
func (s Status) Label() string {
	switch s {
	case StatusPending:
		return "Pending"
	case StatusInactive:
		return "Inactive"
	case StatusArchived:
		return "Archived"
	}
	return "Active"
}

// BillingType is how a client pays (CL-9); empty means not chosen yet.
type BillingType string

// The billing types.
const (
	BillingCash      BillingType = "cash_pay"
	BillingInsurance BillingType = "insurance"
	BillingNone      BillingType = "not_billed"
)

// BillingTypes lists the billing types in display order.
func BillingTypes() []BillingType {
	return []BillingType{BillingCash, BillingInsurance, BillingNone}
}

// Label is the billing type as people read it.
func (b BillingType) Label() string {
	switch b {
	case BillingCash:
		return "Cash pay"
	case BillingInsurance:
		return "Insurance"
	case BillingNone:
		return "Not billed"
	}
	return "Not set"
}

// Sexes are the legal-sex values a payer knows (CL-6); empty means not recorded.
func Sexes() []string { return []string{"female", "male", "x", "unknown"} }

// SexLabel is a sex value as people read it.
func SexLabel(s string) string {
	switch s {
	case "female":
		return "Female"
	case "male":
		return "Male"
	case "x":
		return "X (non-binary or unspecified)"
	case "unknown":
		return "Unknown"
	}
	return "Not recorded"
}

// Address is a postal address; every part is optional.
type Address struct {
	Line1, Line2, City, Region, PostalCode, Country string
}

// Empty reports whether no part is filled in.
func (a Address) Empty() bool { return a == Address{} }

// EmergencyContact is who to call in an emergency (CL-8).
type EmergencyContact struct {
	Name, Relationship, Phone, Email string
}

// Empty reports whether no part is filled in.
func (e EmergencyContact) Empty() bool { return e == EmergencyContact{} }

// Tag is a practice's label for grouping clients.
type Tag struct {
	ID   string
	Name string
}

// Client is a chart with its subject person's fields, as every front door shows it.
type Client struct {
	ID                  string
	PracticeID          string
	PersonID            string
	Kind                ChartKind
	GroupName           string   // a group chart's name (GR-1); "" for individuals and minors
	MemberNames         []string // a group's members' chosen and legal names, for search
	MemberCount         int      // a group's members, as lists show it
	IdentifiedPatientID string   // a group's identified patient: a member's chart id (GR-2)
	BillingMemberID     string   // a group's billing contact: a member's chart id (GR-2)
	FirstName           string
	LastName            string
	LegalFirstName      string
	LegalLastName       string
	Pronouns            string
	Email               string
	Phone               string
	DateOfBirth         string // YYYY-MM-DD, or ""
	Sex                 string
	GenderIdentity      string
	Address             Address
	Emergency           EmergencyContact
	BillingType         BillingType
	// BalanceCents is what the client owes (negative: in credit), kept with every ledger entry (PY-1).
	BalanceCents        int64
	DefaultServiceID    string // the service its sessions are booked and billed as by default; "" for none
	MessagingOn         bool
	Tags                []Tag
	AssignedClinicianID string
	State               RecordState
	PortalState         string // "" (not invited), "invited", "active" (someone registered) or "disabled"
	Pending             bool   // ST-1: new, and the only step so far is an open invitation (kept with PortalState)
	ToReview            int    // LS-4, lists only: finished documents nobody has reviewed yet
	Flagged             int    // LS-4, lists only: of those, how many carry a flag (e.g. PHQ-9 item 9)
	SetupStep           string
	SetupCompletedAt    time.Time
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Name is the chosen name shown everywhere.
func (c Client) Name() string {
	if c.Kind == KindGroup {
		return c.GroupName
	}
	return strings.TrimSpace(c.FirstName + " " + c.LastName)
}

// IsGroup reports whether the chart is a couple, family or conjoint chart.
func (c Client) IsGroup() bool { return c.Kind == KindGroup }

// IsMinor reports whether the chart is a minor's.
func (c Client) IsMinor() bool { return c.Kind == KindMinor }

// LegalName is the legal name when one is recorded, else the chosen name.
func (c Client) LegalName() string {
	if c.LegalFirstName == "" && c.LegalLastName == "" {
		return c.Name()
	}
	return strings.TrimSpace(c.LegalFirstName + " " + c.LegalLastName)
}

// HasLegalName reports whether a legal name different from the chosen one is recorded.
func (c Client) HasLegalName() bool { return c.LegalFirstName != "" || c.LegalLastName != "" }

// Status derives the displayed status: archived, else inactive, else pending, else active. An invitation
// alone does not make a client Pending: only a new one, whose invitation is their only step so far (ST-1).
func (c Client) Status() Status {
	switch {
	case c.State == StateArchived:
		return StatusArchived
	case c.State == StateInactive:
		return StatusInactive
	case c.Pending:
		return StatusPending
	}
	return StatusActive
}

// The portal states of a chart, as PortalState holds them.
const (
	PortalNone       = ""
	PortalInvited    = "invited"
	PortalRegistered = "active"
	PortalDisabled   = "disabled"
)

// PortalLabel is the chart's portal state as its own badge (ST-1): "" when nobody was invited.
func (c Client) PortalLabel() string {
	switch c.PortalState {
	case PortalInvited:
		return "Portal: invited"
	case PortalRegistered:
		return "Portal: registered"
	case PortalDisabled:
		return "Portal: disabled"
	}
	return ""
}

// PortalKey is the portal state as the API names it: none, invited, registered or disabled.
func (c Client) PortalKey() string {
	switch c.PortalState {
	case PortalInvited:
		return "invited"
	case PortalRegistered:
		return "registered"
	case PortalDisabled:
		return "disabled"
	}
	return "none"
}

// SetupComplete reports whether the setup wizard was finished (CL-4).
func (c Client) SetupComplete() bool { return !c.SetupCompletedAt.IsZero() }

// Age is the client's age in whole years on the given day, or -1 without a birth date.
func (c Client) Age(on time.Time) int {
	dob, err := time.Parse(time.DateOnly, c.DateOfBirth)
	if err != nil {
		return -1
	}
	years := on.Year() - dob.Year()
	if on.Month() < dob.Month() || (on.Month() == dob.Month() && on.Day() < dob.Day()) {
		years--
	}
	return years
}
