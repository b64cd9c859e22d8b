package model

import "time"

// Audit actor types.
const (
	ActorStaff     = "staff"
	ActorPortal    = "portal"
	ActorSystem    = "system"
	ActorAnonymous = "anonymous"
)

// Audit outcomes.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
	OutcomeDenied  = "denied"
)

// AuditEvent is one entry of the append-only audit log. Detail never holds names, emails or clinical text.
type AuditEvent struct {
	ID         string
	Chain      string
	Seq        int64
	PracticeID string
	At         time.Time
	ActorType  string
	ActorID    string
	ActorRole  string
	Action     string
	RecordType string
	RecordID   string
	ChartID    string
	IP         string
	Outcome    string
	Detail     string
	PrevHash   string
	Hash       string
}

// AuditFilter narrows a listing of audit events; zero fields match everything.
type AuditFilter struct {
	PracticeID string
	ActorID    string
	RecordID   string
	ChartID    string // events about one chart (issue 13, item 9: "who opened this chart")
	Action     string
	From       time.Time // inclusive
	To         time.Time // exclusive
	Limit      int
	Offset     int
}

// APIToken is a personal token a staff member uses for the JSON API; only its hash is stored.
type APIToken struct {
	ID         string
	StaffID    string
	Name       string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time // zero: the token works until it is revoked
}

// Expired reports whether the token has reached its expiry date at now.
func (t APIToken) Expired(now time.Time) bool {
	return !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)
}
