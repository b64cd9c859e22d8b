package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on clinical information (CL-8).
const (
	MaxDiagnosisLabel  = 200    // the clinician's own words for a diagnosis
	MaxMedicationField = 200    // name, dose, frequency, prescriber
	MaxClinicalText    = 20_000 // mental-health history, presenting concerns
)

// DiagnosisStatus says whether a diagnosis still applies.
type DiagnosisStatus string

// The diagnosis statuses.
const (
	DiagnosisActive   DiagnosisStatus = "active"
	DiagnosisResolved DiagnosisStatus = "resolved"
)

// Diagnosis is an ICD-10-CM diagnosis on a chart (CL-8). Code is kept without its dot (F411); Description
// is the code's official description, filled in from the shipped list when read, never stored.
type Diagnosis struct {
	ID           string
	PracticeID   string
	ChartID      string
	RevisionID   string // the revision holding these values
	Code         string
	Description  string
	Label        string // the clinician's own words, such as a DSM-5-TR name
	Primary      bool
	OnsetDate    string // YYYY-MM-DD or ""
	Status       DiagnosisStatus
	ResolvedDate string // YYYY-MM-DD when resolved
	CreatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Active reports whether the diagnosis still applies.
func (d Diagnosis) Active() bool { return d.Status != DiagnosisResolved }

// DottedCode is the code as people write it (F41.1).
func (d Diagnosis) DottedCode() string {
	if len(d.Code) <= 3 {
		return d.Code
	}
	return d.Code[:3] + "." + d.Code[3:]
}

// DiagnosisInput is a diagnosis as added or edited. The code is checked against the ICD-10-CM list by
// the use case; Validate checks the rest.
type DiagnosisInput struct {
	Code         string
	Label        string
	Primary      bool
	OnsetDate    string
	Status       DiagnosisStatus // "" is active
	ResolvedDate string
}

// Clean trims the input and fills in defaults.
func (in DiagnosisInput) Clean() DiagnosisInput {
	in.Code = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(in.Code), ".", ""))
	in.Label = strings.TrimSpace(in.Label)
	in.OnsetDate, in.ResolvedDate = strings.TrimSpace(in.OnsetDate), strings.TrimSpace(in.ResolvedDate)
	if in.Status == "" {
		in.Status = DiagnosisActive
	}
	return in
}

// Validate checks a cleaned input, today being the practice's calendar day; problems are by field name.
func (in DiagnosisInput) Validate(today time.Time, p Problems) {
	if in.Code == "" {
		p.Add("code", "Enter an ICD-10-CM code, or find one by words.")
	}
	if utf8.RuneCountInString(in.Label) > MaxDiagnosisLabel {
		p.Add("label", "Keep the label to 200 characters.")
	}
	if msg := checkDay(in.OnsetDate, today); msg != "" {
		p.Add("onset_date", msg)
	}
	switch in.Status {
	case DiagnosisActive:
		if in.ResolvedDate != "" {
			p.Add("resolved_date", "Only a resolved diagnosis has a resolved date: leave it empty or mark the diagnosis resolved.")
		}
	case DiagnosisResolved:
		if in.ResolvedDate == "" {
			p.Add("resolved_date", "Enter the date the diagnosis was resolved.")
		} else if msg := checkDay(in.ResolvedDate, today); msg != "" {
			p.Add("resolved_date", msg)
		} else if in.OnsetDate != "" && in.ResolvedDate < in.OnsetDate {
			p.Add("resolved_date", "The resolved date cannot be before the onset date.")
		}
		if in.Primary {
			p.Add("primary", "A resolved diagnosis cannot be the primary one.")
		}
	default:
		p.Add("status", "Choose active or resolved.")
	}
}

// Medication is a medication on a chart (CL-8). It is current until its stop date.
type Medication struct {
	ID         string
	PracticeID string
	ChartID    string
	RevisionID string
	Name       string
	Dose       string
	Frequency  string
	Prescriber string
	StartDate  string // YYYY-MM-DD or ""
	StopDate   string // YYYY-MM-DD or "" while it goes on
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Current reports whether the medication is taken on day today (YYYY-MM-DD): it has no stop date, or one
// after today.
func (m Medication) Current(today string) bool { return m.StopDate == "" || m.StopDate > today }

// MedicationInput is a medication as added or edited.
type MedicationInput struct {
	Name, Dose, Frequency, Prescriber string
	StartDate, StopDate               string
}

// Clean trims the input.
func (in MedicationInput) Clean() MedicationInput {
	for _, s := range []*string{&in.Name, &in.Dose, &in.Frequency, &in.Prescriber, &in.StartDate, &in.StopDate} {
		*s = strings.TrimSpace(*s)
	}
	return in
}

// Validate checks a cleaned input; a stop date may lie ahead (a course that ends on a known day).
func (in MedicationInput) Validate(today time.Time) error {
	p := Problems{}
	if in.Name == "" {
		p.Add("name", "Enter the medication's name.")
	}
	for field, v := range map[string]string{"name": in.Name, "dose": in.Dose, "frequency": in.Frequency, "prescriber": in.Prescriber} {
		if utf8.RuneCountInString(v) > MaxMedicationField {
			p.Add(field, "Keep this to 200 characters.")
		}
	}
	if msg := checkDay(in.StartDate, today); msg != "" {
		p.Add("start_date", msg)
	}
	if in.StopDate != "" {
		if _, err := time.Parse(time.DateOnly, in.StopDate); err != nil {
			p.Add("stop_date", "Enter a real date like 2025-03-14.")
		} else if in.StartDate != "" && in.StopDate < in.StartDate {
			p.Add("stop_date", "The stop date cannot be before the start date.")
		}
	}
	return p.Err()
}

// ClinicalSummary is a chart's mental-health history and presenting concerns (CL-8).
type ClinicalSummary struct {
	ChartID    string
	RevisionID string // "" while nothing was written
	History    string
	Concerns   string
	UpdatedBy  string
	UpdatedAt  time.Time
}

// Validate checks the two texts' sizes.
func (s ClinicalSummary) Validate() error {
	p := Problems{}
	if utf8.RuneCountInString(s.History) > MaxClinicalText {
		p.Add("history", "Keep the mental-health history to 20,000 characters.")
	}
	if utf8.RuneCountInString(s.Concerns) > MaxClinicalText {
		p.Add("concerns", "Keep the presenting concerns to 20,000 characters.")
	}
	return p.Err()
}

// checkDay accepts "" or a real YYYY-MM-DD day from 1900 up to today.
func checkDay(s string, today time.Time) string {
	if s == "" {
		return ""
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return "Enter a real date like 2025-03-14."
	}
	if d.Year() < 1900 {
		return "Enter a date after 1900."
	}
	if d.After(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)) {
		return "This date cannot be in the future."
	}
	return ""
}
