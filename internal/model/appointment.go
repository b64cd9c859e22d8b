package model

import "time"

// Issue 16: the practice's services, clients' insurance and appointments (AP-1, CL-9, GR-2, GR-6).
// Money is integer cents, never floats.

// Service is what a session is billed as.
type Service struct {
	ID, PracticeID  string
	Name            string
	Code            string // CPT, e.g. 90837; "" for none
	DurationMinutes int    // the default length of its appointments
	RateCents       int64  // the charge for one session, in cents
	Group           bool   // a group service (GR-6)
	ArchivedAt      time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Archived reports whether the service is no longer offered for new appointments.
func (s Service) Archived() bool { return !s.ArchivedAt.IsZero() }

// Limits of services and appointments.
const (
	MaxServiceName        = 100
	MaxServiceCode        = 20
	MaxAppointmentMinutes = 24*60 - 1 // a session is shorter than a day
	MaxRateCents          = 100_000_000
	// MaxRecurrence is how far ahead a recurring series may reach from its first occurrence.
	MaxRecurrence = 2 * 365 * 24 * time.Hour
	MaxLocation   = 500
)

// Subscriber relationships and policy priorities of an insurance policy.
const (
	SubscriberSelf   = "self"
	SubscriberSpouse = "spouse"
	SubscriberParent = "parent"
	SubscriberOther  = "other"

	PolicyPrimary   = "primary"
	PolicySecondary = "secondary"
)

// InsurancePolicy is a chart's insurance policy; on a group chart, the identified patient's (GR-2).
type InsurancePolicy struct {
	ID, PracticeID, ChartID string
	PersonID                string // whose policy it is
	Payer                   string
	MemberID                string
	GroupNumber             string
	SubscriberName          string
	SubscriberRelationship  string // SubscriberSelf…
	Priority                string // PolicyPrimary or PolicySecondary
	StartsOn, EndsOn        string // YYYY-MM-DD, "" for open
	CreatedAt, UpdatedAt    time.Time
}

// AppointmentStatus is where an appointment stands.
type AppointmentStatus string

// The appointment statuses.
const (
	AppointmentScheduled  AppointmentStatus = "scheduled"
	AppointmentAttended   AppointmentStatus = "attended"
	AppointmentNoShow     AppointmentStatus = "no_show"
	AppointmentLateCancel AppointmentStatus = "late_cancel"
	AppointmentCancelled  AppointmentStatus = "cancelled"
)

// AppointmentStatuses lists the statuses in display order.
func AppointmentStatuses() []AppointmentStatus {
	return []AppointmentStatus{AppointmentScheduled, AppointmentAttended, AppointmentNoShow, AppointmentLateCancel, AppointmentCancelled}
}

// Label is the status as pages show it.
func (s AppointmentStatus) Label() string {
	switch s {
	case AppointmentAttended:
		return "Attended"
	case AppointmentNoShow:
		return "No-show"
	case AppointmentLateCancel:
		return "Late cancel"
	case AppointmentCancelled:
		return "Cancelled"
	}
	return "Scheduled"
}

// Locations of an appointment.
const (
	LocationOffice     = "office"
	LocationTelehealth = "telehealth"
)

// Appointment is one session on a chart: every occurrence of a recurring series is its own row.
type Appointment struct {
	ID, PracticeID, ChartID string
	ClinicianID             string
	ServiceID               string // "" for none
	SeriesID                string // "" for a single appointment
	GroupSessionID          string // "" unless booked as part of a group session (GR-6)
	StartsAt                time.Time
	DurationMinutes         int
	LocationKind            string // LocationOffice or LocationTelehealth
	Location                string // a room or address, or the telehealth link
	Status                  AppointmentStatus
	StatusChangedAt         time.Time
	CreatedBy               string
	CreatedAt, UpdatedAt    time.Time
}

// EndsAt is when the appointment ends.
func (a Appointment) EndsAt() time.Time {
	return a.StartsAt.Add(time.Duration(a.DurationMinutes) * time.Minute)
}

// AppointmentSeries is a recurring series: its RFC 5545 rule and its first occurrence's local time.
type AppointmentSeries struct {
	ID, PracticeID string
	RRule          string // FREQ=WEEKLY;INTERVAL=2;COUNT=10, or …;UNTIL=…
	FirstLocal     string // YYYY-MM-DDTHH:MM in TimeZone
	TimeZone       string
	CreatedBy      string
	CreatedAt      time.Time
}
