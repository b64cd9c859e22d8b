package web

import (
	"cmp"
	"net/http"
	"strconv"
	"time"

	"tend/internal/model"
)

type settingsPage struct{ page }

// settingsIndex lists the settings the person may open.
func (s *Server) settingsIndex(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pg, err := s.base(w, r, p, "Settings", "settings")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "settings", settingsPage{pg})
	return nil
}

type practicePage struct {
	page
	Form        form
	TimeZones   []string
	BaseURL     string             // for the practice's portal address
	DateFormats []model.DateFormat // the choices of the date format (CL-11)
	// CrisisDefault is the crisis text clients see while the practice has written none (issue 13, item 11).
	CrisisDefault string
}

func practiceForm(pr model.Practice) form {
	f := newForm()
	f.Values["name"] = pr.Name
	f.Values["time_zone"] = pr.TimeZone
	f.Values["idle_timeout_minutes"] = strconv.Itoa(int(pr.IdleTimeout / time.Minute))
	if pr.CliniciansSeeAll {
		f.Values["clinicians_see_all"] = "on"
	}
	if pr.SelfRegistration {
		f.Values["portal_self_registration"] = "on"
	}
	if pr.IntakeAsksLegalSex {
		f.Values["intake_asks_legal_sex"] = "on"
	}
	if pr.RequireTwoStep {
		f.Values["require_two_step"] = "on"
	}
	f.Values["date_format"], f.Values["portal_banner"], f.Values["cancellation_policy"] = string(pr.DateFormat), pr.PortalBanner, pr.CancellationPolicy
	f.Values["crisis_text"] = pr.CrisisText
	if pr.IntakeConfirmsOnFile {
		f.Values["intake_confirms_on_file"] = "on"
	}
	if pr.AdminSeesClinical {
		f.Values["admin_sees_clinical"] = "on"
	}
	f.Values["late_note_days"] = strconv.Itoa(pr.LateNoteDays)
	f.Values["plan_review_notice_days"] = strconv.Itoa(pr.PlanReviewNoticeDays)
	if pr.PlanDraftsExternal {
		f.Values["plan_drafts_external"] = "on"
	}
	f.Values["reminder_lead_hours"] = pr.ReminderLeadHours
	if pr.ReminderNamesService {
		f.Values["reminder_names_service"] = "on"
	}
	if pr.FeedClientNames {
		f.Values["feed_client_names"] = "on"
	}
	if pr.MessageNoticeNames {
		f.Values["message_notice_names"] = "on"
	}
	f.Values["no_show_fee"] = cmp.Or(pr.NoShowFee, model.NoShowFeeNone)
	if pr.NoShowFeeCents > 0 {
		f.Values["no_show_fee_amount"] = model.MoneyPlain(pr.NoShowFeeCents)
	}
	return f
}

// practiceForm shows the practice settings (owner and admin).
func (s *Server) practiceForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !s.Accounts.Capabilities(p).ChangePractice {
		return model.ErrForbidden
	}
	pg, err := s.base(w, r, p, "Practice settings", "settings")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "practice", practicePage{page: pg, Form: practiceForm(pg.Practice), TimeZones: commonTimeZones, BaseURL: s.Accounts.BaseURL,
		DateFormats: model.DateFormats(), CrisisDefault: model.DefaultCrisisText(pg.Practice.TimeZone)})
	return nil
}

// practiceSubmit saves the practice settings.
func (s *Server) practiceSubmit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "name", "time_zone", "idle_timeout_minutes", "clinicians_see_all", "portal_self_registration", "intake_asks_legal_sex",
		"require_two_step", "date_format", "portal_banner", "cancellation_policy", "crisis_text", "intake_confirms_on_file", "late_note_days",
		"plan_review_notice_days", "plan_drafts_external", "reminder_lead_hours", "reminder_names_service", "feed_client_names", "message_notice_names",
		"no_show_fee", "no_show_fee_amount")
	idle, err := strconv.Atoi(f.Get("idle_timeout_minutes"))
	if err != nil {
		idle = -1 // refused by validation with the range message
	}
	name, tz, seeAll, selfReg := f.Get("name"), f.Get("time_zone"), f.Get("clinicians_see_all") == "on", f.Get("portal_self_registration") == "on"
	legalSex, twoStep := f.Get("intake_asks_legal_sex") == "on", f.Get("require_two_step") == "on"
	ch := model.PracticeSettingsChange{Name: &name, TimeZone: &tz, IdleTimeoutMinutes: &idle, CliniciansSeeAll: &seeAll, SelfRegistration: &selfReg,
		IntakeAsksLegalSex: &legalSex, RequireTwoStep: &twoStep}
	// The page always sends these; a post without one (a script's) leaves that setting as it is.
	if r.PostForm.Has("date_format") {
		ch.DateFormat = ptr(model.DateFormat(f.Get("date_format")))
	}
	if r.PostForm.Has("portal_banner") {
		ch.PortalBanner = ptr(f.Get("portal_banner"))
	}
	if r.PostForm.Has("cancellation_policy") {
		ch.CancellationPolicy = ptr(f.Get("cancellation_policy"))
	}
	if r.PostForm.Has("crisis_text") {
		ch.CrisisText = ptr(f.Get("crisis_text"))
	}
	confirmOnFile := f.Get("intake_confirms_on_file") == "on"
	ch.IntakeConfirmsOnFile = &confirmOnFile
	// CL-8: the page marks that it shows the box, since an unticked box sends nothing.
	if r.PostForm.Has("admin_sees_clinical_shown") {
		f.Values["admin_sees_clinical"] = r.PostFormValue("admin_sees_clinical")
		ch.AdminSeesClinical = ptr(f.Get("admin_sees_clinical") == "on")
	}
	if r.PostForm.Has("late_note_days") {
		days, err := strconv.Atoi(f.Get("late_note_days"))
		if err != nil {
			days = -1 // refused by validation with the range message
		}
		ch.LateNoteDays = &days
	}
	if r.PostForm.Has("plan_review_notice_days") {
		days, err := strconv.Atoi(f.Get("plan_review_notice_days"))
		if err != nil {
			days = -1 // refused by validation with the range message
		}
		ch.PlanReviewNoticeDays = &days
		// The box is on the page whenever the number is, and an unticked box sends nothing.
		ch.PlanDraftsExternal = ptr(f.Get("plan_drafts_external") == "on")
	}
	if r.PostForm.Has("reminder_lead_hours") {
		ch.ReminderLeadHours = ptr(f.Get("reminder_lead_hours"))
		// Shown with the hours; an unticked box sends nothing.
		ch.ReminderNamesService = ptr(f.Get("reminder_names_service") == "on")
	}
	// AP-2: the page marks that it shows the box, since an unticked box sends nothing.
	if r.PostForm.Has("feed_client_names_shown") {
		ch.FeedClientNames = ptr(f.Get("feed_client_names") == "on")
	}
	// MS-1: likewise for whether message notices name the writer.
	if r.PostForm.Has("message_notice_names_shown") {
		ch.MessageNoticeNames = ptr(f.Get("message_notice_names") == "on")
	}
	// PY-1: what a no-show costs; the amount counts only with the fixed fee.
	if r.PostForm.Has("no_show_fee") {
		ch.NoShowFee, ch.NoShowFeeCents = ptr(f.Get("no_show_fee")), ptr(int64(0))
		if f.Get("no_show_fee") == model.NoShowFeeFixed {
			cents, msg := model.ParseMoney(f.Get("no_show_fee_amount"))
			if msg != "" {
				cents = -1 // refused by validation with the range message
			}
			ch.NoShowFeeCents = &cents
		}
	}
	_, err = s.Accounts.ChangePracticeSettings(r.Context(), p, ch)
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		pg, err := s.base(w, r, p, "Practice settings", "settings")
		if err != nil {
			return err
		}
		for _, k := range []string{"date_format", "portal_banner", "cancellation_policy", "crisis_text"} {
			if !r.PostForm.Has(k) { // not sent: show what is saved
				f.Values[k] = practiceForm(pg.Practice).Values[k]
			}
		}
		s.render(w, r, http.StatusUnprocessableEntity, "practice", practicePage{page: pg, Form: f, TimeZones: commonTimeZones, BaseURL: s.Accounts.BaseURL,
			DateFormats: model.DateFormats(), CrisisDefault: model.DefaultCrisisText(pg.Practice.TimeZone)})
		return nil
	}
	s.setFlash(w, "Practice settings saved.")
	http.Redirect(w, r, "/settings/practice", http.StatusSeeOther)
	return nil
}

func ptr[T any](v T) *T { return &v }
