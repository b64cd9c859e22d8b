package api

import (
	"net/http"

	"tend/internal/model"
)

// practice returns the signed-in person's practice and its settings.
func (s *Server) practice(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pr, err := s.Accounts.Practice(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPractice(pr))
	return nil
}

type practicePatchRequest struct {
	Name               *string `json:"name"`
	TimeZone           *string `json:"time_zone"`
	IdleTimeoutMinutes *int    `json:"idle_timeout_minutes"`
	CliniciansSeeAll   *bool   `json:"clinicians_see_all"`
	SelfRegistration   *bool   `json:"portal_self_registration"`
	IntakeAsksLegalSex *bool   `json:"intake_asks_legal_sex"`
	RequireTwoStep     *bool   `json:"require_two_step"`
	DateFormat         *string `json:"date_format"`
	PortalBanner       *string `json:"portal_banner"`
	CancellationPolicy *string `json:"cancellation_policy"`
	CrisisText         *string `json:"crisis_text"`
	// IntakeConfirmsOnFile: see practiceJSON.
	IntakeConfirmsOnFile *bool `json:"intake_confirms_on_file"`
	// AdminSeesClinical: see practiceJSON.
	AdminSeesClinical *bool `json:"admin_sees_clinical"`
	// LateNoteDays: see practiceJSON.
	LateNoteDays *int `json:"late_note_days"`
	// PlanReviewNoticeDays and PlanDraftsExternal: see practiceJSON.
	PlanReviewNoticeDays *int  `json:"plan_review_notice_days"`
	PlanDraftsExternal   *bool `json:"plan_drafts_external"`
	// ReminderLeadHours and ReminderNamesService: see practiceJSON.
	ReminderLeadHours    *[]int `json:"reminder_lead_hours"`
	ReminderNamesService *bool  `json:"reminder_names_service"`
	// FeedClientNames: see practiceJSON.
	FeedClientNames *bool `json:"feed_client_names"`
	// MessageNoticeNames: see practiceJSON.
	MessageNoticeNames *bool `json:"message_notice_names"`
	// NoShowFee and NoShowFeeCents: see practiceJSON.
	NoShowFee      *string `json:"no_show_fee"`
	NoShowFeeCents *int64  `json:"no_show_fee_cents"`
}

// updatePractice changes practice settings; absent fields stay as they are.
func (s *Server) updatePractice(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in practicePatchRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var dateFormat *model.DateFormat
	if in.DateFormat != nil {
		f := model.DateFormat(*in.DateFormat)
		dateFormat = &f
	}
	var leads *string
	if in.ReminderLeadHours != nil {
		v := model.FormatReminderLeads(*in.ReminderLeadHours)
		leads = &v
	}
	pr, err := s.Accounts.ChangePracticeSettings(r.Context(), p, model.PracticeSettingsChange{
		Name: in.Name, TimeZone: in.TimeZone, IdleTimeoutMinutes: in.IdleTimeoutMinutes, CliniciansSeeAll: in.CliniciansSeeAll,
		SelfRegistration: in.SelfRegistration, IntakeAsksLegalSex: in.IntakeAsksLegalSex, RequireTwoStep: in.RequireTwoStep,
		DateFormat: dateFormat, PortalBanner: in.PortalBanner, CancellationPolicy: in.CancellationPolicy,
		CrisisText:           in.CrisisText,
		IntakeConfirmsOnFile: in.IntakeConfirmsOnFile,
		AdminSeesClinical:    in.AdminSeesClinical,
		LateNoteDays:         in.LateNoteDays,
		PlanReviewNoticeDays: in.PlanReviewNoticeDays,
		PlanDraftsExternal:   in.PlanDraftsExternal,
		ReminderLeadHours:    leads,
		ReminderNamesService: in.ReminderNamesService,
		FeedClientNames:      in.FeedClientNames,
		MessageNoticeNames:   in.MessageNoticeNames,
		NoShowFee:            in.NoShowFee,
		NoShowFeeCents:       in.NoShowFeeCents,
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPractice(pr))
	return nil
}
