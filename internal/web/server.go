// Package web serves the staff pages: server-rendered HTML that works without JavaScript. One route
// table, one file per action; handlers parse the form, call one use case and render a typed page.
package web

import (
	"log/slog"
	"net/http"
	"sync/atomic"
	"tend/internal/archive"

	"tend/internal/account"
	"tend/internal/appointments"
	"tend/internal/audit"
	"tend/internal/calfeed"
	"tend/internal/clients"
	"tend/internal/clinical"
	"tend/internal/documents"
	chartfiles "tend/internal/files"
	"tend/internal/httpx"
	"tend/internal/imports"
	"tend/internal/ledger"
	"tend/internal/messaging"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/outbox"
	"tend/internal/overview"
	"tend/internal/plans"
	"tend/internal/psychnotes"
	"tend/internal/records"
	"tend/internal/reflections"
	"tend/internal/services"
	"tend/internal/sessions"
	"tend/internal/tasks"
)

// Server holds the use cases and the parsed templates the pages need.
type Server struct {
	Accounts  *account.Service
	Clients   *clients.Service
	Documents *documents.Service
	Notes     *notes.Service // session notes; set after New (issue 14, item 3)
	Audit     *audit.Reader
	Outbox    *outbox.Outbox
	Cookies   httpx.SessionCookies
	Log       *slog.Logger
	// Clinical serves the Clinical tab (CL-8); set after New.
	Clinical *clinical.Service

	// Overview is the chart's first tab (CL-10); set after New.
	Overview *overview.Service
	// PsychNotes and Reflections serve the chart's Psychotherapy notes and Reflections tabs (issue 14).
	PsychNotes  *psychnotes.Service
	Reflections *reflections.Service
	// Files are the charts' files (issue 17, item 2).
	Files *chartfiles.Service
	// Archive writes the practice archive for Settings → Export (IM-2, issue 18).
	Archive *archive.Service
	// Messages serves the inbox, conversations and the chart's Messages tab (issue 17, item 3).
	Messages *messaging.Service
	// Plans serves the chart's Treatment plan tab and the plan pages (issue 15); set after New.
	Plans *plans.Service
	// Services serves the practice's services (issue 16); set after New.
	Services *services.Service
	// Sessions serves the chart's Sessions tab: appointments beside their notes (issue 16, item 8).
	Sessions *sessions.Service
	// Ledger serves the chart's Payments tab and statements (PY-1, issue 16, item 9).
	Ledger *ledger.Service
	// CalendarFeeds serves each clinician's calendar feed (AP-2); set after New.
	CalendarFeeds *calfeed.Service
	// Appointments serves the calendar, the new-appointment form and the appointment page (issue 16, item 4).
	Appointments *appointments.Service
	// Tasks serves the chart's Tasks tab and the task pages (TK-1, issue 17); set after New.
	Tasks *tasks.Service
	// Records makes a chart's records-request PDF (issue 18, item 2; IM-2); set after New.
	Records *records.Service
	// Imports serves Clients → Import, the CSV client import (IM-1, issue 18).
	Imports *imports.Service

	views     *views
	setupDone atomic.Bool // once true it stays true; saves a query per request after first run
}

// New parses the shared templates and indexes the static files; a broken shared template fails here, at
// start-up, and a page's own template when it is first shown or warmed (WarmPages; tests parse them all).
func New(accounts *account.Service, clientRecords *clients.Service, docs *documents.Service, auditReader *audit.Reader, ob *outbox.Outbox,
	cookies httpx.SessionCookies, log *slog.Logger) (*Server, error) {
	v, err := loadViews()
	if err != nil {
		return nil, err
	}
	return &Server{Accounts: accounts, Clients: clientRecords, Documents: docs, Audit: auditReader, Outbox: ob, Cookies: cookies, Log: log, views: v}, nil
}

// WarmPages parses every page's templates not parsed yet, so no one's first visit to a page waits for
// it: tend serve calls it in the background once it listens.
func (s *Server) WarmPages() error { return s.views.pages.ParseAll() }

// Route is one entry of the route table: a method and pattern, and its handler.
type Route struct {
	Pattern string // "METHOD /path", as http.ServeMux reads it
	Handler http.Handler
}

// Routes is the staff pages' route table; Register and the authorization test both read it.
func (s *Server) Routes() []Route {
	return []Route{
		{"GET /static/{file}", http.HandlerFunc(s.views.serveStatic)},
		{"GET /setup", s.public(s.setupForm)},
		{"POST /setup", s.public(s.setupSubmit)},
		{"GET /login", s.public(s.loginForm)},
		{"POST /login", s.public(s.loginSubmit)},
		{"GET /login/two-step", s.public(s.loginTwoStepForm)},
		{"POST /login/two-step", s.public(s.loginTwoStepSubmit)},
		{"GET /login/forgot", s.public(s.forgotForm)},
		{"POST /login/forgot", s.public(s.forgotSubmit)},
		{"GET /login/reset", s.public(s.resetForm)},
		{"POST /login/reset", s.public(s.resetSubmit)},
		{"POST /logout", s.staff(s.logout)},
		{"GET /{$}", s.staff(s.home)},
		{"GET /clients", s.staff(s.clientList)},
		{"GET /clients/export.csv", s.staff(s.clientExport)},
		{"GET /clients/{id}/record.pdf", s.staff(s.recordPDF)},
		{"POST /clients/bulk", s.staff(s.clientBulk)},
		{"GET /clients/import", s.staff(s.importStart)},
		{"POST /clients/import", s.staff(s.importUpload)},
		{"GET /imports/{id}", s.staff(s.importShow)},
		{"POST /imports/{id}/mapping", s.staff(s.importMap)},
		{"GET /imports/{id}/preview", s.staff(s.importPreview)},
		{"POST /imports/{id}/commit", s.staff(s.importCommit)},
		{"POST /imports/{id}/undo", s.staff(s.importUndo)},
		{"GET /bulk-actions/{id}", s.staff(s.bulkStatus)},
		{"GET /clients/new", s.staff(s.clientNewForm)},
		{"POST /clients/new", s.staff(s.clientCreate)},
		{"GET /clients/{id}", s.staff(s.clientChart)},
		{"GET /clients/{id}/edit/{section}", s.staff(s.clientEditForm)},
		{"POST /clients/{id}/edit/{section}", s.staff(s.clientEditSubmit)},
		{"POST /clients/{id}/insurance", s.staff(s.policyAdd)},
		{"POST /clients/{id}/payments", s.staff(s.paymentSubmit)},
		{"POST /clients/{id}/payments/{entry}/void", s.staff(s.paymentVoid)},
		{"POST /clients/{id}/adjustments", s.staff(s.adjustmentSubmit)},
		{"GET /clients/{id}/statement.pdf", s.staff(s.statementPDF)},
		{"GET /clients/{id}/insurance/{policy}", s.staff(s.policyEdit)},
		{"POST /clients/{id}/insurance/{policy}", s.staff(s.policyUpdate)},
		{"POST /clients/{id}/insurance/{policy}/delete", s.staff(s.policyDelete)},
		{"GET /clients/{id}/setup/{step}", s.staff(s.clientSetupForm)},
		{"POST /clients/{id}/setup/{step}", s.staff(s.clientSetupSubmit)},
		{"POST /clients/{id}/state", s.staff(s.clientSetState)},
		{"GET /clients/{id}/delete", s.staff(s.clientDeleteForm)},
		{"POST /clients/{id}/delete", s.staff(s.clientDelete)},
		{"GET /clients/{id}/contacts/new", s.staff(s.contactNewForm)},
		{"POST /clients/{id}/contacts/new", s.staff(s.contactCreate)},
		{"GET /clients/{id}/contacts/{contact}", s.staff(s.contactEditForm)},
		{"POST /clients/{id}/contacts/{contact}", s.staff(s.contactEditSubmit)},
		{"POST /clients/{id}/contacts/{contact}/remove", s.staff(s.contactRemove)},
		{"GET /clients/{id}/members/new", s.staff(s.memberNewForm)},
		{"POST /clients/{id}/members/new", s.staff(s.memberCreate)},
		{"POST /clients/{id}/members/{member}", s.staff(s.memberUpdate)},
		{"POST /clients/{id}/members/{member}/remove", s.staff(s.memberRemove)},
		{"GET /clients/{id}/documents", s.staff(s.manageDocsForm)},
		{"POST /clients/{id}/documents", s.staff(s.manageDocsSubmit)},
		{"GET /clients/{id}/documents/{req}", s.staff(s.requestView)},
		{"GET /clients/{id}/documents/{req}/pdf", s.staff(s.requestPDF)},
		{"POST /clients/{id}/documents/{req}/resend", s.staff(s.requestAction("resend"))},
		{"POST /clients/{id}/documents/{req}/review", s.staff(s.requestAction("review"))},
		{"GET /clients/{id}/documents/{req}/apply", s.staff(s.applyForm)},
		{"POST /clients/{id}/documents/{req}/apply", s.staff(s.applySubmit)},
		{"POST /clients/{id}/diagnoses", s.staff(s.diagnosisSubmit)},
		{"POST /clients/{id}/diagnoses/{dx}", s.staff(s.diagnosisSubmit)},
		{"POST /clients/{id}/diagnoses/{dx}/resolve", s.staff(s.diagnosisAction("resolve"))},
		{"POST /clients/{id}/diagnoses/{dx}/reactivate", s.staff(s.diagnosisAction("reactivate"))},
		{"POST /clients/{id}/diagnoses/{dx}/remove", s.staff(s.diagnosisAction("remove"))},
		{"POST /clients/{id}/medications", s.staff(s.medicationSubmit)},
		{"POST /clients/{id}/medications/{med}", s.staff(s.medicationSubmit)},
		{"POST /clients/{id}/medications/{med}/stop", s.staff(s.medicationAction("stop"))},
		{"POST /clients/{id}/medications/{med}/remove", s.staff(s.medicationAction("remove"))},
		{"POST /clients/{id}/clinical-summary", s.staff(s.clinicalSummarySubmit)},
		{"GET /clients/{id}/psychotherapy-notes/new", s.staff(s.pnoteNewForm)},
		{"POST /clients/{id}/psychotherapy-notes", s.staff(s.pnoteCreate)},
		{"GET /clients/{id}/psychotherapy-notes/{pnote}", s.staff(s.pnoteView)},
		{"POST /clients/{id}/psychotherapy-notes/{pnote}", s.staff(s.pnoteSave)},
		{"POST /clients/{id}/psychotherapy-notes/{pnote}/delete", s.staff(s.pnoteDelete)},
		{"POST /clients/{id}/files", s.staff(s.fileUpload)},
		{"GET /clients/{id}/files/{file_id}/download", s.staff(s.fileDownload)},
		{"GET /clients/{id}/files/{file_id}/thumbnail", s.staff(s.fileThumb)},
		{"POST /clients/{id}/files/{file_id}/share", s.staff(s.fileShare)},
		{"GET /clients/{id}/files/{file_id}/delete", s.staff(s.fileDeleteForm)},
		{"POST /clients/{id}/files/{file_id}/delete", s.staff(s.fileDelete)},
		{"GET /messages", s.staff(s.messagesInbox)},
		{"GET /messages/{id}", s.staff(s.conversationView)},
		{"POST /messages/{id}", s.staff(s.conversationSend)},
		{"GET /messages/{id}/since", background(s.staff(s.conversationSince))},
		{"GET /messages/{id}/files/{file_id}", s.staff(s.conversationFile)},
		{"POST /clients/{id}/messages", s.staff(s.conversationStart)},
		{"GET /clients/{id}/reflections/new", s.staff(s.reflectionNewForm)},
		{"POST /clients/{id}/reflections", s.staff(s.reflectionCreate)},
		{"GET /clients/{id}/reflections/{ref}", s.staff(s.reflectionView)},
		{"POST /clients/{id}/reflections/{ref}", s.staff(s.reflectionSave)},
		{"POST /clients/{id}/reflections/{ref}/share", s.staff(s.reflectionShare)},
		{"POST /clients/{id}/reflections/{ref}/unshare", s.staff(s.reflectionUnshare)},
		{"POST /clients/{id}/reflections/{ref}/delete", s.staff(s.reflectionDelete)},
		{"GET /clients/{id}/tasks/new", s.staff(s.taskNewForm)},
		{"POST /clients/{id}/tasks", s.staff(s.taskCreate)},
		{"GET /clients/{id}/tasks/{task}", s.staff(s.taskView)},
		{"POST /clients/{id}/tasks/{task}", s.staff(s.taskSave)},
		{"POST /clients/{id}/tasks/{task}/status", s.staff(s.taskStatus)},
		{"GET /clients/{id}/tasks/{task}/delete", s.staff(s.taskDeleteForm)},
		{"POST /clients/{id}/tasks/{task}/delete", s.staff(s.taskDelete)},
		{"POST /clients/{id}/portal/invite", s.staff(s.portalInvite)},
		{"POST /clients/{id}/portal/invitations/{inv}/resend", s.staff(s.portalResend)},
		{"POST /clients/{id}/portal/invitations/{inv}/delete", s.staff(s.portalDeleteInvitation)},
		{"POST /clients/{id}/portal/users/{access}/disable", s.staff(s.portalSetEnabled(false))},
		{"POST /clients/{id}/portal/users/{access}/enable", s.staff(s.portalSetEnabled(true))},
		{"POST /clients/{id}/portal/users/{access}/permissions", s.staff(s.portalPermissions)},
		{"POST /clients/{id}/notes", s.staff(s.noteCreate)},
		{"GET /clients/{id}/notes/{note}", s.staff(s.noteView)},
		{"POST /clients/{id}/notes/{note}", s.staff(s.noteSave)},
		{"POST /clients/{id}/notes/{note}/sign", s.staff(s.noteSign)},
		{"POST /clients/{id}/notes/{note}/cosign", s.staff(s.noteCosign)},
		{"POST /clients/{id}/notes/{note}/addenda", s.staff(s.noteAddendum)},
		{"GET /clients/{id}/notes/{note}/pdf", s.staff(s.notePDF)},
		{"GET /notes/cosign", s.staff(s.notesToCosign)},
		{"GET /clients/{id}/plans/new", s.staff(s.planNewForm)},
		{"POST /clients/{id}/plans/new", s.staff(s.planCreate)},
		{"GET /clients/{id}/plans/{plan}", s.staff(s.planView)},
		{"GET /clients/{id}/plans/{plan}/versions/{n}", s.staff(s.planView)},
		{"POST /clients/{id}/plans/{plan}/versions/{n}/restore", s.staff(s.planRestore)},
		{"GET /clients/{id}/plans/{plan}/edit", s.staff(s.planEditForm)},
		{"POST /clients/{id}/plans/{plan}/edit", s.staff(s.planSave)},
		{"GET /clients/{id}/plans/{plan}/history", s.staff(s.planHistory)},
		{"GET /clients/{id}/plans/{plan}/diff", s.staff(s.planDiff)},
		{"GET /clients/{id}/plans/{plan}/versions/{n}/pdf", s.staff(s.planPDF)},
		{"POST /clients/{id}/plans/generate", s.staff(s.planGenerateNew)},
		{"POST /clients/{id}/plans/{plan}/generate", s.staff(s.planGenerateVersion)},
		{"POST /clients/{id}/plans/{plan}/sign", s.staff(s.planSign)},
		{"POST /clients/{id}/plans/{plan}/share", s.staff(s.planShare(true))},
		{"POST /clients/{id}/plans/{plan}/unshare", s.staff(s.planShare(false))},
		{"POST /clients/{id}/plans/{plan}/close", s.staff(s.planSetState(model.PlanClosed))},
		{"POST /clients/{id}/plans/{plan}/reopen", s.staff(s.planSetState(model.PlanActive))},
		{"GET /settings/services", s.staff(s.serviceList)},
		{"POST /settings/services", s.staff(s.serviceCreate)},
		{"GET /settings/services/{id}", s.staff(s.serviceEdit)},
		{"POST /settings/services/{id}", s.staff(s.serviceUpdate)},
		{"POST /settings/services/{id}/archive", s.staff(s.serviceArchive(true))},
		{"POST /settings/services/{id}/restore", s.staff(s.serviceArchive(false))},
		{"GET /settings/tags", s.staff(s.tagList)},
		{"POST /settings/tags", s.staff(s.tagCreate)},
		{"POST /settings/tags/{id}", s.staff(s.tagRename)},
		{"POST /settings/tags/{id}/delete", s.staff(s.tagDelete)},
		{"GET /calendar", s.staff(s.calendar)},
		{"GET /appointments/new", s.staff(s.apptNewForm)},
		{"POST /appointments/new", s.staff(s.apptNewSubmit)},
		{"GET /appointments/new/clients", s.staff(s.apptClientChoices)},
		{"GET /appointments/{id}", s.staff(s.apptView)},
		{"POST /appointments/{id}", s.staff(s.apptEdit)},
		{"POST /appointments/{id}/status", s.staff(s.apptStatus)},
		{"GET /documents", s.staff(s.templateList)},
		{"GET /documents/new", s.staff(s.templateNewForm)},
		{"POST /documents/new", s.staff(s.templateSave)},
		{"GET /documents/{id}", s.staff(s.templateView)},
		{"GET /documents/{id}/edit", s.staff(s.templateEditForm)},
		{"POST /documents/{id}/edit", s.staff(s.templateSave)},
		{"POST /documents/{id}/archive", s.staff(s.templateArchive(true))},
		{"POST /documents/{id}/restore", s.staff(s.templateArchive(false))},
		{"GET /settings", s.staff(s.settingsIndex)},
		{"GET /settings/practice", s.staff(s.practiceForm)},
		{"POST /settings/practice", s.staff(s.practiceSubmit)},
		{"GET /settings/staff", s.staff(s.staffList)},
		{"POST /settings/staff", s.staff(s.staffAdd)},
		{"GET /settings/staff/{id}", s.staff(s.staffEditForm)},
		{"POST /settings/staff/{id}", s.staff(s.staffEditSubmit)},
		{"POST /settings/staff/{id}/active", s.staff(s.staffSetActive)},
		{"GET /settings/password", s.staff(s.passwordForm)},
		{"POST /settings/password", s.staff(s.passwordSubmit)},
		{"GET /settings/two-step", s.staff(s.twoStep)},
		{"POST /settings/two-step/setup", s.staff(s.twoStepStart)},
		{"GET /settings/two-step/setup", s.staff(s.twoStepSetup)},
		{"POST /settings/two-step/confirm", s.staff(s.twoStepConfirm)},
		{"POST /settings/two-step/recovery-codes", s.staff(s.twoStepRecoveryCodes)},
		{"POST /settings/two-step/disable", s.staff(s.twoStepDisable)},
		{"POST /settings/staff/{id}/two-step/reset", s.staff(s.staffResetTwoStep)},
		{"GET /settings/calendar-feed", s.staff(s.calendarFeed)},
		{"POST /settings/calendar-feed", s.staff(s.calendarFeedCreate)},
		{"GET /calendar/{file}", s.public(s.calendarFeedICS)},
		{"GET /settings/tokens", s.staff(s.tokenList)},
		{"POST /settings/tokens", s.staff(s.tokenCreate)},
		{"POST /settings/tokens/{id}/revoke", s.staff(s.tokenRevoke)},
		{"GET /settings/audit", s.staff(s.auditList)},
		{"GET /settings/mail", s.staff(s.mailLog)},
		{"POST /settings/mail/test", s.staff(s.mailTest)},
		{"POST /settings/mail/{id}/retry", s.staff(s.mailRetry)},
		{"GET /settings/audit/export", s.staff(s.auditExport)},
		{"GET /settings/export", s.staff(s.practiceExport)},
		{"POST /settings/export", s.staff(s.practiceExportDownload)},
	}
}

// Register adds every page route to mux, and a not-found page for any other address.
func (s *Server) Register(mux *http.ServeMux) {
	for _, rt := range s.Routes() {
		mux.Handle(rt.Pattern, rt.Handler)
	}
	mux.Handle("/", s.public(func(w http.ResponseWriter, r *http.Request) error {
		s.renderError(w, r, nil, http.StatusNotFound)
		return nil
	}))
}
