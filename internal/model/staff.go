package model

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Staff is a person who works in a practice and logs in to the staff side.
type Staff struct {
	ID           string
	PracticeID   string
	Email        string
	Name         string
	Role         Role
	SupervisorID string
	Active       bool
	// MustChangePassword is set while the person still uses a password someone else chose.
	MustChangePassword bool
	// TwoStepSince is when the person turned on two-step sign-in; zero while it is off.
	TwoStepSince time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// NotesNeedCosign: the person's session notes need their supervisor's co-signature once signed
	// (issue 14, item 3); it takes effect while they have a supervisor.
	NotesNeedCosign bool
}

// TwoStepOn reports whether the person signs in with a code from an authenticator app after the password.
func (s Staff) TwoStepOn() bool { return !s.TwoStepSince.IsZero() }

// NormalizeEmail trims an email, lowercases it and composes its accented letters (NFC), so comparisons
// ignore case, stray spaces and how a keyboard happened to encode "é".
func NormalizeEmail(email string) string {
	return norm.NFC.String(strings.ToLower(strings.TrimSpace(email)))
}

// ValidateEmail checks that email (already trimmed) is a plain address like name@example.org.
func ValidateEmail(p Problems, field, email string, required bool) {
	if email == "" {
		if required {
			p.Add(field, "Enter an email address.")
		}
		return
	}
	if len(email) > 254 {
		p.Add(field, "Use at most 254 characters.")
		return
	}
	if msg := lookalikeEmail(email); msg != "" {
		p.Add(field, msg)
		return
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" || !strings.Contains(email[strings.LastIndex(email, "@"):], ".") {
		p.Add(field, "Enter an email address like name@example.org.")
	}
}

// ValidatePersonName checks a person's full name.
func ValidatePersonName(p Problems, field, name string) {
	switch {
	case name == "":
		p.Add(field, "Enter a name.")
	case utf8.RuneCountInString(name) > 120:
		p.Add(field, "Use at most 120 characters.")
	}
}

// StaffInput is what is given to add a staff member.
type StaffInput struct {
	Name         string
	Email        string
	Role         Role
	Password     string // a temporary password, unless Invite
	SupervisorID string
	Invite       bool // email an invitation to choose a password instead
	// ConfirmDistinctEmail goes ahead with an email that looks like another staff member's.
	ConfirmDistinctEmail bool
}

// Normalize trims the free-text fields.
func (in *StaffInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Email = strings.TrimSpace(in.Email)
	in.SupervisorID = strings.TrimSpace(in.SupervisorID)
}

// StaffChange is a partial update of a staff member; nil fields stay as they are.
type StaffChange struct {
	Name         *string
	Role         *Role
	Active       *bool
	SupervisorID *string
	// NotesNeedCosign: see Staff.
	NotesNeedCosign *bool
}

// Principal is who is acting: a staff member with their practice and role, reached by session or token.
type Principal struct {
	StaffID    string
	PracticeID string
	Role       Role
	Name       string
	Email      string
	// MustChangePassword is set while the person still uses a temporary password.
	MustChangePassword bool
	// TwoStepOn is set when the person signs in with two steps; MustEnrolTwoStep when their practice
	// requires it and they have not set it up yet, which limits them to setting it up (TR-2).
	TwoStepOn        bool
	MustEnrolTwoStep bool
	SessionID        string // set when acting through a browser session
	TokenID          string // set when acting through an API token
	IP               string
}
