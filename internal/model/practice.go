package model

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Practice is one therapy practice; every record belongs to exactly one.
type Practice struct {
	ID               string
	Name             string
	Slug             string
	TimeZone         string
	IdleTimeout      time.Duration
	CliniciansSeeAll bool
	// SelfRegistration lets people register at the practice's portal address on their own (ST-2).
	SelfRegistration bool
	// IntakeAsksLegalSex shows the portal intake's legal-sex question (CL-6).
	IntakeAsksLegalSex bool
	// RequireTwoStep makes every staff member set up two-step sign-in before they can do anything (TR-2).
	RequireTwoStep bool
	// DateFormat is how dates and times are written for the practice (CL-11).
	DateFormat DateFormat
	// PortalBanner is a short notice (office hours, closures) shown at the top of every portal user's home (PT-7).
	PortalBanner string
	// CancellationPolicy is shown in the built-in consent to treatment, which asks the client to confirm it.
	CancellationPolicy string
	// CrisisText is shown to a client right after a flagged questionnaire; "" is the default for the time
	// zone (CrisisResources, issue 13, item 11).
	CrisisText string
	// IntakeConfirmsOnFile shows the built-in intake's questions the chart already answers, filled in
	// for the client to confirm; otherwise they are left out (issue 13, item 10).
	IntakeConfirmsOnFile bool
	// AdminSeesClinical lets admins see and change clients' clinical information (CL-8); off, they never see it.
	AdminSeesClinical bool
	// LateNoteDays: a session note still unsigned this many days after its date of service is late
	// (issue 14, item 3).
	LateNoteDays int
	// PlanReviewNoticeDays: a treatment plan's clinician is emailed this many days before its review date
	// (issue 15, item 4).
	PlanReviewNoticeDays int
	// PlanDraftsExternal lets the installation's language-model endpoint (TEND_LLM_URL), when one is set,
	// draft treatment plans; off, only the built-in generator runs (issue 15, item 6).
	PlanDraftsExternal bool
	// ReminderLeadHours is how long before an appointment its reminder emails go, written as a list of
	// hours ("24", "48,2"; issue 16, item 5).
	ReminderLeadHours string
	// ReminderNamesService lets appointment reminders name the service booked; off, they never do.
	ReminderNamesService bool
	// FeedClientNames puts clients' names in the clinicians' calendar feeds; off, only their initials
	// (AP-2, issue 16, item 7).
	FeedClientNames bool
	// MessageNoticeNames lets the "a message is waiting" email to a portal user name the staff member who
	// wrote; off, it names only the practice (MS-1).
	MessageNoticeNames bool
	// NoShowFee is what a no-show appointment is charged: NoShowFeeNone, NoShowFeeRate (the service's
	// rate) or NoShowFeeFixed (NoShowFeeCents); PY-1, issue 16, item 9.
	NoShowFee      string
	NoShowFeeCents int64
	CreatedAt      time.Time
}

// Location is the practice's time zone, UTC if it cannot be loaded.
func (p Practice) Location() *time.Location {
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// PracticeSettings are the fields an owner or admin can change.
type PracticeSettings struct {
	Name               string
	TimeZone           string
	IdleTimeoutMinutes int
	CliniciansSeeAll   bool
	SelfRegistration   bool
	IntakeAsksLegalSex bool
	RequireTwoStep     bool
	DateFormat         DateFormat
	PortalBanner       string
	CancellationPolicy string
	CrisisText         string
	// IntakeConfirmsOnFile: see Practice.
	IntakeConfirmsOnFile bool
	// AdminSeesClinical: see Practice.
	AdminSeesClinical bool
	// LateNoteDays: see Practice.
	LateNoteDays int
	// PlanReviewNoticeDays: see Practice.
	PlanReviewNoticeDays int
	// PlanDraftsExternal: see Practice.
	PlanDraftsExternal bool
	// ReminderLeadHours and ReminderNamesService: see Practice.
	ReminderLeadHours    string
	ReminderNamesService bool
	// FeedClientNames: see Practice.
	FeedClientNames bool
	// MessageNoticeNames: see Practice.
	MessageNoticeNames bool
	// NoShowFee and NoShowFeeCents: see Practice.
	NoShowFee      string
	NoShowFeeCents int64
}

// PracticeSettingsChange is a partial update of the settings; nil fields stay as they are.
type PracticeSettingsChange struct {
	Name               *string
	TimeZone           *string
	IdleTimeoutMinutes *int
	CliniciansSeeAll   *bool
	SelfRegistration   *bool
	IntakeAsksLegalSex *bool
	RequireTwoStep     *bool
	DateFormat         *DateFormat
	PortalBanner       *string
	CancellationPolicy *string
	CrisisText         *string
	// IntakeConfirmsOnFile: see Practice.
	IntakeConfirmsOnFile *bool
	// AdminSeesClinical: see Practice.
	AdminSeesClinical *bool
	// LateNoteDays: see Practice.
	LateNoteDays *int
	// PlanReviewNoticeDays: see Practice.
	PlanReviewNoticeDays *int
	// PlanDraftsExternal: see Practice.
	PlanDraftsExternal *bool
	// ReminderLeadHours and ReminderNamesService: see Practice.
	ReminderLeadHours    *string
	ReminderNamesService *bool
	// FeedClientNames: see Practice.
	FeedClientNames *bool
	// MessageNoticeNames: see Practice.
	MessageNoticeNames *bool
	// NoShowFee and NoShowFeeCents: see Practice.
	NoShowFee      *string
	NoShowFeeCents *int64
}

// Apply returns the settings of p with the change made.
func (c PracticeSettingsChange) Apply(p Practice) PracticeSettings {
	s := PracticeSettings{Name: p.Name, TimeZone: p.TimeZone, IdleTimeoutMinutes: int(p.IdleTimeout / time.Minute), CliniciansSeeAll: p.CliniciansSeeAll,
		SelfRegistration: p.SelfRegistration, IntakeAsksLegalSex: p.IntakeAsksLegalSex, RequireTwoStep: p.RequireTwoStep}
	s.DateFormat, s.PortalBanner, s.CancellationPolicy = p.DateFormat, p.PortalBanner, p.CancellationPolicy
	if c.DateFormat != nil {
		s.DateFormat = *c.DateFormat
	}
	if c.PortalBanner != nil {
		s.PortalBanner = *c.PortalBanner
	}
	if c.CancellationPolicy != nil {
		s.CancellationPolicy = *c.CancellationPolicy
	}
	s.CrisisText = p.CrisisText
	if c.Name != nil {
		s.Name = *c.Name
	}
	if c.TimeZone != nil {
		s.TimeZone = *c.TimeZone
	}
	if c.IdleTimeoutMinutes != nil {
		s.IdleTimeoutMinutes = *c.IdleTimeoutMinutes
	}
	if c.CliniciansSeeAll != nil {
		s.CliniciansSeeAll = *c.CliniciansSeeAll
	}
	if c.SelfRegistration != nil {
		s.SelfRegistration = *c.SelfRegistration
	}
	if c.IntakeAsksLegalSex != nil {
		s.IntakeAsksLegalSex = *c.IntakeAsksLegalSex
	}
	if c.RequireTwoStep != nil {
		s.RequireTwoStep = *c.RequireTwoStep
	}
	if c.CrisisText != nil {
		s.CrisisText = *c.CrisisText
	}
	s.IntakeConfirmsOnFile = p.IntakeConfirmsOnFile
	if c.IntakeConfirmsOnFile != nil {
		s.IntakeConfirmsOnFile = *c.IntakeConfirmsOnFile
	}
	s.AdminSeesClinical = p.AdminSeesClinical
	if c.AdminSeesClinical != nil {
		s.AdminSeesClinical = *c.AdminSeesClinical
	}
	s.LateNoteDays = p.LateNoteDays
	if c.LateNoteDays != nil {
		s.LateNoteDays = *c.LateNoteDays
	}
	s.PlanReviewNoticeDays = p.PlanReviewNoticeDays
	if c.PlanReviewNoticeDays != nil {
		s.PlanReviewNoticeDays = *c.PlanReviewNoticeDays
	}
	s.PlanDraftsExternal = p.PlanDraftsExternal
	if c.PlanDraftsExternal != nil {
		s.PlanDraftsExternal = *c.PlanDraftsExternal
	}
	s.ReminderLeadHours, s.ReminderNamesService = p.ReminderLeadHours, p.ReminderNamesService
	if c.ReminderLeadHours != nil {
		s.ReminderLeadHours = *c.ReminderLeadHours
	}
	if c.ReminderNamesService != nil {
		s.ReminderNamesService = *c.ReminderNamesService
	}
	s.FeedClientNames = p.FeedClientNames
	if c.FeedClientNames != nil {
		s.FeedClientNames = *c.FeedClientNames
	}
	s.MessageNoticeNames = p.MessageNoticeNames
	if c.MessageNoticeNames != nil {
		s.MessageNoticeNames = *c.MessageNoticeNames
	}
	s.NoShowFee, s.NoShowFeeCents = p.NoShowFee, p.NoShowFeeCents
	if c.NoShowFee != nil {
		s.NoShowFee = *c.NoShowFee
	}
	if c.NoShowFeeCents != nil {
		s.NoShowFeeCents = *c.NoShowFeeCents
	}
	return s
}

// Limits on practice settings.
const (
	MinIdleTimeoutMinutes = 5
	MaxIdleTimeoutMinutes = 240
	DefaultIdleMinutes    = 15
	// MaxPortalBanner is the longest portal banner, in characters: a few lines, not a page.
	MaxPortalBanner = 500
	// MaxCancellationPolicy is the longest cancellation policy, in characters (a field's help text).
	MaxCancellationPolicy = maxHelp
	// DefaultLateNoteDays, MinLateNoteDays and MaxLateNoteDays bound when an unsigned note is late.
	DefaultLateNoteDays = 3
	MinLateNoteDays     = 1
	MaxLateNoteDays     = 60
	// DefaultPlanReviewNoticeDays, MinPlanReviewNoticeDays and MaxPlanReviewNoticeDays bound how early a
	// clinician hears of a treatment plan's review date.
	DefaultPlanReviewNoticeDays = 14
	MinPlanReviewNoticeDays     = 1
	MaxPlanReviewNoticeDays     = 90
)

// Normalize trims the free-text fields.
func (s *PracticeSettings) Normalize() {
	s.Name = strings.TrimSpace(s.Name)
	s.TimeZone = strings.TrimSpace(s.TimeZone)
	s.DateFormat = DateFormat(strings.TrimSpace(string(s.DateFormat)))
	s.PortalBanner = normalizeNotice(s.PortalBanner)
	s.CancellationPolicy = normalizeNotice(s.CancellationPolicy)
	s.CrisisText = CleanCrisisText(s.CrisisText)
	if leads, err := ReminderLeads(s.ReminderLeadHours); err == nil {
		s.ReminderLeadHours = FormatReminderLeads(leads)
	}
}

// normalizeNotice trims a practice's free text and writes its line breaks as \n.
func normalizeNotice(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
}

// Validate checks the settings; field names match the form and the API.
func (s PracticeSettings) Validate() error {
	p := Problems{}
	ValidatePracticeName(p, "name", s.Name)
	ValidateTimeZone(p, "time_zone", s.TimeZone)
	if s.IdleTimeoutMinutes < MinIdleTimeoutMinutes || s.IdleTimeoutMinutes > MaxIdleTimeoutMinutes {
		p.Add("idle_timeout_minutes", "Choose between 5 and 240 minutes.")
	}
	ValidateDateFormat(p, "date_format", s.DateFormat)
	validateNotice(p, "portal_banner", s.PortalBanner, MaxPortalBanner)
	validateNotice(p, "cancellation_policy", s.CancellationPolicy, MaxCancellationPolicy)
	ValidateCrisisText(p, "crisis_text", s.CrisisText)
	if s.LateNoteDays < MinLateNoteDays || s.LateNoteDays > MaxLateNoteDays {
		p.Add("late_note_days", fmt.Sprintf("Choose between %d and %d days.", MinLateNoteDays, MaxLateNoteDays))
	}
	if s.PlanReviewNoticeDays < MinPlanReviewNoticeDays || s.PlanReviewNoticeDays > MaxPlanReviewNoticeDays {
		p.Add("plan_review_notice_days", fmt.Sprintf("Choose between %d and %d days.", MinPlanReviewNoticeDays, MaxPlanReviewNoticeDays))
	}
	if _, err := ReminderLeads(s.ReminderLeadHours); err != nil {
		p.Add("reminder_lead_hours", err.Error())
	}
	ValidateNoShowFee(p, s.NoShowFee, s.NoShowFeeCents)
	return p.Err()
}

// validateNotice checks a practice's plain-text notice: at most max characters, and no control
// characters but line breaks and tabs (they would print as nothing, or as boxes on a PDF).
func validateNotice(p Problems, field, s string, limit int) {
	if n := utf8.RuneCountInString(s); n > limit {
		p.Add(field, fmt.Sprintf("Use at most %d characters (this has %d).", limit, n))
		return
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			p.Add(field, "Use plain text: this has an invisible control character. Type it again rather than pasting it.")
			return
		}
	}
}

// ValidatePracticeName checks a practice name.
func ValidatePracticeName(p Problems, field, name string) {
	switch {
	case name == "":
		p.Add(field, "Enter the practice's name.")
	case utf8.RuneCountInString(name) > 120:
		p.Add(field, "Use at most 120 characters.")
	}
}

// ValidateTimeZone checks an IANA time zone name such as Europe/London.
func ValidateTimeZone(p Problems, field, tz string) {
	if tz == "" {
		p.Add(field, "Choose the practice's time zone.")
		return
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
		p.Add(field, "Use a time zone name such as America/New_York or Europe/London.")
	}
}

// Slugify makes a lowercase URL-friendly form of a name.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 40 {
		s = strings.TrimSuffix(s[:40], "-")
	}
	if s == "" {
		s = "practice"
	}
	return s
}
