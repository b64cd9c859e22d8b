package model

import "time"

// WaitingInvitation is an open portal invitation or connection request as Home lists it: who it is for,
// on which chart, and when it stops working.
type WaitingInvitation struct {
	InvitationID string
	Kind         string // InvitationLink or InvitationRequest
	ChartID      string
	ChartName    string
	PersonName   string // who was invited: the client, a guardian, a contact or a member
	Role         AccessRole
	SentAt       time.Time
	ExpiresAt    time.Time
}

// Expired reports whether the invitation no longer works at now (it can be resent).
func (w WaitingInvitation) Expired(now time.Time) bool { return !now.Before(w.ExpiresAt) }

// ExpiresWithin reports whether the invitation still works at now but stops within d.
func (w WaitingInvitation) ExpiresWithin(now time.Time, d time.Duration) bool {
	return !w.Expired(now) && w.ExpiresAt.Sub(now) <= d
}
