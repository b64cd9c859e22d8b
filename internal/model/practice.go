package model

import (
	"strings"
	"time"
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
	// IntakeConfirmsOnFile shows the built-in intake's questions the chart already answers, filled in
	// for the client to confirm; otherwise they are left out (issue 13, item 10).
	IntakeConfirmsOnFile bool
	CreatedAt            time.Time
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
	// IntakeConfirmsOnFile: see Practice.
	IntakeConfirmsOnFile bool
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
	// IntakeConfirmsOnFile: see Practice.
	IntakeConfirmsOnFile *bool
}

// Apply returns the settings of p with the change made.
func (c PracticeSettingsChange) Apply(p Practice) PracticeSettings {
	s := PracticeSettings{Name: p.Name, TimeZone: p.TimeZone, IdleTimeoutMinutes: int(p.IdleTimeout / time.Minute), CliniciansSeeAll: p.CliniciansSeeAll,
		SelfRegistration: p.SelfRegistration, IntakeAsksLegalSex: p.IntakeAsksLegalSex, RequireTwoStep: p.RequireTwoStep}
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
	s.IntakeConfirmsOnFile = p.IntakeConfirmsOnFile
	if c.IntakeConfirmsOnFile != nil {
		s.IntakeConfirmsOnFile = *c.IntakeConfirmsOnFile
	}
	return s
}

// Limits on practice settings.
const (
	MinIdleTimeoutMinutes = 5
	MaxIdleTimeoutMinutes = 240
	DefaultIdleMinutes    = 15
)

// Normalize trims the free-text fields.
func (s *PracticeSettings) Normalize() {
	s.Name = strings.TrimSpace(s.Name)
	s.TimeZone = strings.TrimSpace(s.TimeZone)
}

// Validate checks the settings; field names match the form and the API.
func (s PracticeSettings) Validate() error {
	p := Problems{}
	ValidatePracticeName(p, "name", s.Name)
	ValidateTimeZone(p, "time_zone", s.TimeZone)
	if s.IdleTimeoutMinutes < MinIdleTimeoutMinutes || s.IdleTimeoutMinutes > MaxIdleTimeoutMinutes {
		p.Add("idle_timeout_minutes", "Choose between 5 and 240 minutes.")
	}
	return p.Err()
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
