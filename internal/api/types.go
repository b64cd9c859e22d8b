package api

import (
	"cmp"
	"time"

	"tend/internal/model"
)

// staffJSON is a staff member as the API shows them.
type staffJSON struct {
	ID                 string    `json:"id"`
	Name               string    `json:"name"`
	Email              string    `json:"email"`
	Role               string    `json:"role"`
	SupervisorID       *string   `json:"supervisor_id"`
	Active             bool      `json:"active"`
	MustChangePassword bool      `json:"must_change_password"`
	TwoStep            bool      `json:"two_step"` // two-step sign-in is on
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
	NotesNeedCosign    bool      `json:"notes_need_cosign"` // session notes need the supervisor's co-signature
}

func toStaff(s model.Staff) staffJSON {
	var sup *string
	if s.SupervisorID != "" {
		sup = &s.SupervisorID
	}
	return staffJSON{s.ID, s.Name, s.Email, string(s.Role), sup, s.Active, s.MustChangePassword, s.TwoStepOn(), s.CreatedAt, s.UpdatedAt, s.NotesNeedCosign}
}

// practiceJSON is a practice and its settings.
type practiceJSON struct {
	ID                 string    `json:"id"`
	Name               string    `json:"name"`
	Slug               string    `json:"slug"`
	TimeZone           string    `json:"time_zone"`
	IdleTimeoutMinutes int       `json:"idle_timeout_minutes"`
	CliniciansSeeAll   bool      `json:"clinicians_see_all"`
	SelfRegistration   bool      `json:"portal_self_registration"`
	IntakeAsksLegalSex bool      `json:"intake_asks_legal_sex"`
	RequireTwoStep     bool      `json:"require_two_step"`
	PortalAddress      string    `json:"portal_address"` // path where people register on their own, when allowed
	CreatedAt          time.Time `json:"created_at"`
	DateFormat         string    `json:"date_format"` // pages, PDFs and emails; JSON dates stay RFC 3339
	PortalBanner       string    `json:"portal_banner"`
	CancellationPolicy string    `json:"cancellation_policy"`
	CrisisText         string    `json:"crisis_text"`        // the practice's own; "" while it uses the default
	CrisisTextInUse    string    `json:"crisis_text_in_use"` // what clients are shown
	// IntakeConfirmsOnFile: the built-in intake shows what the chart holds for the client to confirm
	// instead of leaving it out (issue 13, item 10).
	IntakeConfirmsOnFile bool `json:"intake_confirms_on_file"`
	// AdminSeesClinical: admins see clients' clinical information (CL-8).
	AdminSeesClinical bool `json:"admin_sees_clinical"`
	// LateNoteDays: a session note unsigned this many days after its date of service is late.
	LateNoteDays int `json:"late_note_days"`
	// PlanReviewNoticeDays: a treatment plan's clinician is emailed this many days before its review date.
	PlanReviewNoticeDays int `json:"plan_review_notice_days"`
	// PlanDraftsExternal: the installation's language-model endpoint may draft treatment plans.
	PlanDraftsExternal bool `json:"plan_drafts_external"`
	// ReminderLeadHours: appointment reminders go this many hours before each appointment, largest first.
	ReminderLeadHours []int `json:"reminder_lead_hours"`
	// ReminderNamesService: appointment reminders may name the service.
	ReminderNamesService bool `json:"reminder_names_service"`
	// FeedClientNames: the clinicians' calendar feeds name clients; false shows initials only (AP-2).
	FeedClientNames bool `json:"feed_client_names"`
	// MessageNoticeNames: the email telling a portal user a message waits names the staff member who wrote.
	MessageNoticeNames bool `json:"message_notice_names"`
	// NoShowFee and NoShowFeeCents: what a no-show appointment is charged (PY-1).
	NoShowFee      string `json:"no_show_fee"`
	NoShowFeeCents int64  `json:"no_show_fee_cents"`
}

func toPractice(p model.Practice) practiceJSON {
	return practiceJSON{p.ID, p.Name, p.Slug, p.TimeZone, int(p.IdleTimeout / time.Minute), p.CliniciansSeeAll, p.SelfRegistration,
		p.IntakeAsksLegalSex, p.RequireTwoStep, "/portal/join/" + p.Slug, p.CreatedAt, string(p.DateFormat), p.PortalBanner, p.CancellationPolicy, p.CrisisText, p.CrisisResources(), p.IntakeConfirmsOnFile, p.AdminSeesClinical, p.LateNoteDays,
		p.PlanReviewNoticeDays, p.PlanDraftsExternal, leadHours(p), p.ReminderNamesService, p.FeedClientNames, p.MessageNoticeNames,
		cmp.Or(p.NoShowFee, model.NoShowFeeNone), p.NoShowFeeCents}
}

// tokenJSON is an API token without its secret.
type tokenJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  *time.Time `json:"expires_at"` // null: no expiry
	Expired    bool       `json:"expired"`
}

func (s *Server) toToken(t model.APIToken) tokenJSON {
	var used, expires *time.Time
	if !t.LastUsedAt.IsZero() {
		used = &t.LastUsedAt
	}
	if !t.ExpiresAt.IsZero() {
		expires = &t.ExpiresAt
	}
	return tokenJSON{t.ID, t.Name, t.Prefix, t.CreatedAt, used, expires, t.Expired(s.Accounts.Now())}
}

// auditJSON is one audit event.
type auditJSON struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	ActorType  string    `json:"actor_type"`
	ActorID    string    `json:"actor_id"`
	ActorRole  string    `json:"actor_role"`
	Action     string    `json:"action"`
	RecordType string    `json:"record_type"`
	RecordID   string    `json:"record_id"`
	ChartID    string    `json:"chart_id"`
	IP         string    `json:"ip"`
	Outcome    string    `json:"outcome"`
	Detail     string    `json:"detail"`
	Seq        int64     `json:"seq"`
	Hash       string    `json:"hash"`
}

func toAudit(e model.AuditEvent) auditJSON {
	return auditJSON{e.ID, e.At, e.ActorType, e.ActorID, e.ActorRole, e.Action, e.RecordType, e.RecordID, e.ChartID,
		e.IP, e.Outcome, e.Detail, e.Seq, e.Hash}
}

// list is the envelope of a paginated listing.
type list[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// items is the envelope of a short, unpaginated listing.
type items[T any] struct {
	Items []T `json:"items"`
}

// leadHours is the practice's reminder lead times in hours, [] for none.
func leadHours(p model.Practice) []int {
	out := []int{}
	for _, m := range p.ReminderLeadMinutes() {
		out = append(out, m/60)
	}
	return out
}
