// Package api is Tend's JSON API under /api/v1: one route table, strict JSON decoding, one error envelope,
// and an OpenAPI document of every route. Handlers parse, call one use case and encode.
package api

import (
	"log/slog"
	"net/http"
	"strings"
	"tend/internal/appointments"
	"tend/internal/archive"
	"tend/internal/ledger"

	"tend/internal/account"
	"tend/internal/audit"
	"tend/internal/calfeed"
	"tend/internal/clientportal"
	"tend/internal/clients"
	"tend/internal/clinical"
	"tend/internal/documents"
	"tend/internal/fhir"
	"tend/internal/files"
	"tend/internal/httpx"
	"tend/internal/imports"
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
	"tend/internal/tasks"
)

// Server holds the use cases the API calls.
type Server struct {
	Accounts  *account.Service
	Clients   *clients.Service
	Outbox    *outbox.Outbox
	Audit     *audit.Reader
	Cookies   httpx.SessionCookies
	Log       *slog.Logger
	Documents *documents.Service
	// Overview is a chart at a glance (CL-10).
	Overview *overview.Service
	Notes    *notes.Service // session notes (issue 14, item 3)
	// Portal serves /api/v1/portal/…, signed in with the portal's own cookie.
	Portal        *clientportal.Service
	PortalCookies httpx.SessionCookies
	// Clinical serves diagnoses, medications, history and concerns, and the ICD-10-CM list (CL-8).
	Clinical *clinical.Service
	// PsychNotes and Reflections serve /api/v1/clients/{id}/psychotherapy-notes and …/reflections (issue 14).
	PsychNotes  *psychnotes.Service
	Reflections *reflections.Service
	// Files serve /api/v1/clients/{id}/files, /api/v1/files/… and the portal's (issue 17, item 2).
	Files *files.Service
	// Plans serves treatment plans (issue 15); the portal's shared plans and the client's signature.
	Plans *plans.Service
	// Appointments serves /api/v1/appointments and a chart's appointments (issue 16).
	Appointments *appointments.Service
	// Ledger serves a chart's ledger, payments, adjustments and statements (PY-1, issue 16, item 9).
	Ledger *ledger.Service
	// Services serves the practice's services (issue 16); set after New.
	Services *services.Service
	// CalendarFeeds serves /api/v1/calendar-feeds (AP-2).
	CalendarFeeds *calfeed.Service
	// Tasks serves a chart's tasks and the portal's (TK-1, issue 17).
	Tasks *tasks.Service
	// Messages serves /api/v1/conversations and the portal's messages (MS-1, issue 17, item 3).
	Messages *messaging.Service
	// Records serves /api/v1/clients/{id}/record.pdf, a records request's PDF (issue 18, item 2).
	Records *records.Service
	// Imports serves /api/v1/client-imports: the CSV client import (IM-1, issue 18).
	Imports *imports.Service
	// Archive serves /api/v1/practice/archive, the whole practice as one file (IM-2, issue 18).
	Archive *archive.Service
	// FHIR serves a chart as a FHIR R4 Bundle and imports one (IM-2, issue 18, item 4).
	FHIR *fhir.Service
}

// handler is an API action; p is the signed-in principal on routes that need one.
type handler func(w http.ResponseWriter, r *http.Request, p model.Principal) error

// Route is one entry of the route table.
type Route struct {
	Method string
	Path   string
	Public bool // reachable without signing in
	h      handler
}

// Routes is the API's route table; Register and the OpenAPI test both read it.
func (s *Server) Routes() []Route {
	return []Route{
		{"POST", "/api/v1/setup", true, s.setup},
		{"POST", "/api/v1/auth/login", true, s.login},
		{"POST", "/api/v1/auth/logout", false, s.logout},
		{"POST", "/api/v1/auth/two-step", true, s.loginTwoStep},
		{"POST", "/api/v1/auth/forgot", true, s.forgotPassword},
		{"POST", "/api/v1/auth/reset", true, s.resetPassword},
		{"GET", "/api/v1/me", false, s.me},
		{"GET", "/api/v1/home", false, s.getHome},
		{"POST", "/api/v1/me/password", false, s.changePassword},
		{"GET", "/api/v1/me/two-step", false, s.twoStep},
		{"POST", "/api/v1/me/two-step/setup", false, s.startTwoStep},
		{"POST", "/api/v1/me/two-step/confirm", false, s.confirmTwoStep},
		{"POST", "/api/v1/me/two-step/disable", false, s.disableTwoStep},
		{"POST", "/api/v1/me/two-step/recovery-codes", false, s.regenerateRecoveryCodes},
		{"GET", "/api/v1/practice", false, s.practice},
		{"PATCH", "/api/v1/practice", false, s.updatePractice},
		{"GET", "/api/v1/practice/archive", false, s.practiceArchive},
		{"GET", "/api/v1/staff", false, s.listStaff},
		{"POST", "/api/v1/staff", false, s.addStaff},
		{"GET", "/api/v1/staff/{id}", false, s.getStaff},
		{"PATCH", "/api/v1/staff/{id}", false, s.updateStaff},
		{"POST", "/api/v1/staff/{id}/two-step/reset", false, s.resetStaffTwoStep},
		{"GET", "/api/v1/calendar-feeds", false, s.getCalendarFeed},
		{"POST", "/api/v1/calendar-feeds", false, s.createCalendarFeed},
		{"GET", "/api/v1/tokens", false, s.listTokens},
		{"POST", "/api/v1/tokens", false, s.createToken},
		{"DELETE", "/api/v1/tokens/{id}", false, s.revokeToken},
		{"GET", "/api/v1/audit-events", false, s.listAudit},
		{"POST", "/api/v1/clients", false, s.createClient},
		{"GET", "/api/v1/clients", false, s.listClients},
		{"GET", "/api/v1/clients/export.csv", false, s.exportClients},
		{"GET", "/api/v1/clients/{id}/record.pdf", false, s.recordPDF},
		{"POST", "/api/v1/clients/bulk", false, s.bulkClients},
		{"GET", "/api/v1/bulk-operations/{id}", false, s.bulkOperation},
		{"GET", "/api/v1/clients/{id}", false, s.getClient},
		{"GET", "/api/v1/clients/{id}/overview", false, s.getOverview},
		{"PATCH", "/api/v1/clients/{id}", false, s.updateClient},
		{"DELETE", "/api/v1/clients/{id}", false, s.deleteClient},
		{"POST", "/api/v1/clients/{id}/deactivate", false, s.clientState(clients.ActionDeactivate)},
		{"POST", "/api/v1/clients/{id}/reactivate", false, s.clientState(clients.ActionReactivate)},
		{"POST", "/api/v1/clients/{id}/archive", false, s.clientState(clients.ActionArchive)},
		{"POST", "/api/v1/clients/{id}/restore", false, s.clientState(clients.ActionRestore)},
		{"GET", "/api/v1/clients/{id}/contacts", false, s.listContacts},
		{"POST", "/api/v1/clients/{id}/contacts", false, s.addContact},
		{"PATCH", "/api/v1/clients/{id}/contacts/{contact_id}", false, s.updateContact},
		{"DELETE", "/api/v1/clients/{id}/contacts/{contact_id}", false, s.removeContact},
		{"GET", "/api/v1/clients/{id}/members", false, s.listMembers},
		{"POST", "/api/v1/clients/{id}/members", false, s.addMember},
		{"PATCH", "/api/v1/clients/{id}/members/{client_id}", false, s.updateMember},
		{"DELETE", "/api/v1/clients/{id}/members/{client_id}", false, s.removeMember},
		{"GET", "/api/v1/people", false, s.findPeople},
		{"GET", "/api/v1/tags", false, s.listTags},
		{"POST", "/api/v1/tags", false, s.createTag},
		{"PATCH", "/api/v1/tags/{id}", false, s.renameTag},
		{"DELETE", "/api/v1/tags/{id}", false, s.deleteTag},
		{"GET", "/api/v1/mail", false, s.listMail},
		{"POST", "/api/v1/mail/test", false, s.testMail},
		{"POST", "/api/v1/mail/{id}/retry", false, s.retryMail},
		{"GET", "/api/v1/clients/{id}/portal", false, s.getPortal},
		{"POST", "/api/v1/clients/{id}/invitations", false, s.invite},
		{"POST", "/api/v1/clients/{id}/contacts/{contact_id}/enroll", false, s.enrollContact},
		{"POST", "/api/v1/invitations/{id}/resend", false, s.resendInvitation},
		{"DELETE", "/api/v1/invitations/{id}", false, s.deleteInvitation},
		{"POST", "/api/v1/clients/{id}/portal-users/{user_id}/disable", false, s.setPortalUser(false)},
		{"POST", "/api/v1/clients/{id}/portal-users/{user_id}/enable", false, s.setPortalUser(true)},
		{"PATCH", "/api/v1/clients/{id}/portal-users/{user_id}", false, s.updatePortalUser},
		{"POST", "/api/v1/portal/register", true, s.portalRegister},
		{"POST", "/api/v1/portal/login", true, s.portalLogin},
		{"POST", "/api/v1/portal/logout", true, s.portal(s.portalLogout)},
		{"POST", "/api/v1/portal/forgot", true, s.portalForgot},
		{"POST", "/api/v1/portal/join/{slug}", true, s.portalJoin},
		{"POST", "/api/v1/portal/join/{slug}/complete", true, s.portalJoinComplete},
		{"POST", "/api/v1/portal/reset", true, s.portalReset},
		{"GET", "/api/v1/portal/me", true, s.portal(s.portalMe)},
		{"POST", "/api/v1/portal/me/password", true, s.portal(s.portalPassword)},
		{"POST", "/api/v1/portal/me/email", true, s.portal(s.portalEmail)},
		{"POST", "/api/v1/portal/email/confirm", true, s.portalEmailConfirm},
		{"GET", "/api/v1/portal/requests", true, s.portal(s.portalRequests)},
		{"POST", "/api/v1/portal/requests/{id}/approve", true, s.portal(s.portalAnswer(true))},
		{"POST", "/api/v1/portal/requests/{id}/decline", true, s.portal(s.portalAnswer(false))},
		{"GET", "/api/v1/portal/charts/{id}", true, s.portal(s.portalChart)},
		{"GET", "/api/v1/portal/charts/{id}/appointments", true, s.portal(s.portalAppointments)},
		{"GET", "/api/v1/portal/charts/{id}/opened", true, s.portal(s.portalOpened)},
		{"GET", "/api/v1/clients/{id}/psychotherapy-notes", false, s.listPsychNotes},
		{"POST", "/api/v1/clients/{id}/psychotherapy-notes", false, s.createPsychNote},
		{"GET", "/api/v1/clients/{id}/psychotherapy-notes/{pnote_id}", false, s.getPsychNote},
		{"PATCH", "/api/v1/clients/{id}/psychotherapy-notes/{pnote_id}", false, s.updatePsychNote},
		{"DELETE", "/api/v1/clients/{id}/psychotherapy-notes/{pnote_id}", false, s.deletePsychNote},
		{"GET", "/api/v1/clients/{id}/reflections", false, s.listReflections},
		{"POST", "/api/v1/clients/{id}/reflections", false, s.createReflection},
		{"GET", "/api/v1/clients/{id}/reflections/{reflection_id}", false, s.getReflection},
		{"PATCH", "/api/v1/clients/{id}/reflections/{reflection_id}", false, s.updateReflection},
		{"DELETE", "/api/v1/clients/{id}/reflections/{reflection_id}", false, s.deleteReflection},
		{"POST", "/api/v1/clients/{id}/reflections/{reflection_id}/share", false, s.shareReflection},
		{"POST", "/api/v1/clients/{id}/reflections/{reflection_id}/unshare", false, s.unshareReflection},
		{"GET", "/api/v1/clients/{id}/files", false, s.listFiles},
		{"POST", "/api/v1/clients/{id}/files", false, s.uploadFile},
		{"GET", "/api/v1/files/{id}", false, s.getFile},
		{"PATCH", "/api/v1/files/{id}", false, s.patchFile},
		{"DELETE", "/api/v1/files/{id}", false, s.deleteFile},
		{"GET", "/api/v1/files/{id}/content", false, s.fileContent},
		{"GET", "/api/v1/portal/charts/{id}/files", true, s.portal(s.portalFiles)},
		{"POST", "/api/v1/portal/charts/{id}/files", true, s.portal(s.portalUploadFile)},
		{"GET", "/api/v1/portal/charts/{id}/files/{file_id}", true, s.portal(s.portalFile)},
		{"GET", "/api/v1/portal/charts/{id}/files/{file_id}/content", true, s.portal(s.portalFileContent)},
		{"GET", "/api/v1/clients/{id}/fhir", false, s.getChartFHIR},
		{"POST", "/api/v1/fhir/import", false, s.importFHIR},
		{"GET", "/api/v1/conversations", false, s.listConversations},
		{"GET", "/api/v1/conversations/{id}/messages", false, s.listMessages},
		{"POST", "/api/v1/conversations/{id}/messages", false, s.sendMessage},
		{"POST", "/api/v1/clients/{id}/conversations", false, s.startConversation},
		{"GET", "/api/v1/portal/charts/{id}/messages", true, quietWhenPolling(s.portal(s.portalMessages))},
		{"POST", "/api/v1/portal/charts/{id}/messages", true, s.portal(s.portalSendMessage)},
		{"GET", "/api/v1/conversations/{id}/files/{file_id}", false, s.messageFile},
		{"GET", "/api/v1/portal/charts/{id}/messages/files/{file_id}", true, s.portal(s.portalMessageFile)},
		{"GET", "/api/v1/portal/charts/{id}/reflections", true, s.portal(s.portalReflections)},
		{"GET", "/api/v1/portal/charts/{id}/reflections/{reflection_id}", true, s.portal(s.portalReflection)},
		{"GET", "/api/v1/portal/charts/{id}/treatment-plans", true, s.portal(s.portalPlans)},
		{"GET", "/api/v1/portal/charts/{id}/treatment-plans/{plan_id}", true, s.portal(s.portalPlan)},
		{"POST", "/api/v1/portal/charts/{id}/treatment-plans/{plan_id}/sign", true, s.portal(s.portalSignPlan)},
		{"GET", "/api/v1/document-templates", false, s.listTemplates},
		{"POST", "/api/v1/document-templates", false, s.createTemplate},
		{"GET", "/api/v1/document-templates/{id}", false, s.getTemplate},
		{"PATCH", "/api/v1/document-templates/{id}", false, s.updateTemplate},
		{"GET", "/api/v1/clients/{id}/documents", false, s.listChartDocuments},
		{"PUT", "/api/v1/clients/{id}/documents", false, s.manageChartDocuments},
		{"GET", "/api/v1/clients/{id}/notes", false, s.listNotes},
		{"POST", "/api/v1/clients/{id}/notes", false, s.createNote},
		{"GET", "/api/v1/clients/{id}/notes/{note}", false, s.getNote},
		{"PATCH", "/api/v1/clients/{id}/notes/{note}", false, s.updateNote},
		{"POST", "/api/v1/clients/{id}/notes/{note}/sign", false, s.signNote},
		{"POST", "/api/v1/clients/{id}/notes/{note}/cosign", false, s.cosignNote},
		{"GET", "/api/v1/clients/{id}/notes/{note}/addenda", false, s.listAddenda},
		{"POST", "/api/v1/clients/{id}/notes/{note}/addenda", false, s.addAddendum},
		{"GET", "/api/v1/clients/{id}/notes/{note}/pdf", false, s.notePDF},
		{"GET", "/api/v1/notes/to-cosign", false, s.notesToCosign},
		{"GET", "/api/v1/document-requests/{id}", false, s.getDocumentRequest},
		{"POST", "/api/v1/document-requests/{id}/resend", false, s.resendDocumentRequest},
		{"POST", "/api/v1/document-requests/{id}/review", false, s.reviewDocumentRequest},
		{"GET", "/api/v1/document-requests/{id}/intake", false, s.getIntakeReview},
		{"POST", "/api/v1/document-requests/{id}/apply", false, s.applyIntake},
		{"GET", "/api/v1/document-requests/{id}/pdf", false, s.documentRequestPDF},
		{"GET", "/api/v1/portal/documents/{id}/pdf", true, s.portal(s.portalDocumentPDF)},
		{"GET", "/api/v1/portal/documents", true, s.portal(s.portalDocuments)},
		{"GET", "/api/v1/portal/documents/{id}", true, s.portal(s.portalDocument)},
		{"PUT", "/api/v1/portal/documents/{id}", true, s.portal(s.portalSaveDocument)},
		{"POST", "/api/v1/portal/documents/{id}/submit", true, s.portal(s.portalSubmitDocument)},
		{"POST", "/api/v1/portal/documents/{id}/sign", true, s.portal(s.portalSignDocument)},
		{"GET", "/api/v1/clients/{id}/diagnoses", false, s.listDiagnoses},
		{"POST", "/api/v1/clients/{id}/diagnoses", false, s.addDiagnosis},
		{"GET", "/api/v1/clients/{id}/diagnoses/{diagnosis_id}", false, s.getDiagnosis},
		{"PATCH", "/api/v1/clients/{id}/diagnoses/{diagnosis_id}", false, s.updateDiagnosis},
		{"DELETE", "/api/v1/clients/{id}/diagnoses/{diagnosis_id}", false, s.removeDiagnosis},
		{"GET", "/api/v1/clients/{id}/medications", false, s.listMedications},
		{"POST", "/api/v1/clients/{id}/medications", false, s.addMedication},
		{"GET", "/api/v1/clients/{id}/medications/{medication_id}", false, s.getMedication},
		{"PATCH", "/api/v1/clients/{id}/medications/{medication_id}", false, s.updateMedication},
		{"DELETE", "/api/v1/clients/{id}/medications/{medication_id}", false, s.removeMedication},
		{"GET", "/api/v1/clients/{id}/clinical-summary", false, s.getClinicalSummary},
		{"PUT", "/api/v1/clients/{id}/clinical-summary", false, s.putClinicalSummary},
		{"GET", "/api/v1/icd10", false, s.icd10Search},
		{"GET", "/api/v1/clients/{id}/treatment-plans", false, s.listPlans},
		{"POST", "/api/v1/clients/{id}/treatment-plans", false, s.createPlan},
		{"GET", "/api/v1/clients/{id}/treatment-plans/{plan}", false, s.getPlan},
		{"PUT", "/api/v1/clients/{id}/treatment-plans/{plan}", false, s.savePlan},
		{"PATCH", "/api/v1/clients/{id}/treatment-plans/{plan}", false, s.setPlanState},
		{"GET", "/api/v1/clients/{id}/treatment-plans/{plan}/versions", false, s.listPlanVersions},
		{"GET", "/api/v1/clients/{id}/treatment-plans/{plan}/versions/{v}", false, s.getPlanVersion},
		{"POST", "/api/v1/clients/{id}/treatment-plans/{plan}/versions/{v}/restore", false, s.restorePlanVersion},
		{"POST", "/api/v1/clients/{id}/treatment-plans/{plan}/sign", false, s.signPlan},
		{"POST", "/api/v1/clients/{id}/treatment-plans/{plan}/share", false, s.sharePlan},
		{"GET", "/api/v1/clients/{id}/treatment-plans/{plan}/diff", false, s.diffPlan},
		{"GET", "/api/v1/clients/{id}/treatment-plans/{plan}/versions/{v}/pdf", false, s.planPDF},
		{"POST", "/api/v1/clients/{id}/treatment-plans/generate", false, s.generatePlan},
		{"POST", "/api/v1/clients/{id}/treatment-plans/{plan}/generate", false, s.generatePlan},
		{"GET", "/api/v1/appointments", false, s.listAppointments},
		{"POST", "/api/v1/appointments", false, s.bookAppointment},
		{"GET", "/api/v1/appointments/{id}", false, s.getAppointment},
		{"PATCH", "/api/v1/appointments/{id}", false, s.editAppointment},
		{"POST", "/api/v1/appointments/{id}/status", false, s.setAppointmentStatus},
		{"GET", "/api/v1/clients/{id}/appointments", false, s.chartAppointments},
		{"GET", "/api/v1/clients/{id}/ledger", false, s.chartLedger},
		{"POST", "/api/v1/clients/{id}/adjustments", false, s.recordAdjustment},
		{"GET", "/api/v1/clients/{id}/statement.pdf", false, s.statementPDF},
		{"POST", "/api/v1/payments", false, s.recordPayment},
		{"POST", "/api/v1/payments/{id}/void", false, s.voidPayment},
		{"GET", "/api/v1/services", false, s.listServices},
		{"POST", "/api/v1/services", false, s.createService},
		{"GET", "/api/v1/services/{id}", false, s.getService},
		{"PATCH", "/api/v1/services/{id}", false, s.updateService},
		{"GET", "/api/v1/clients/{id}/insurance", false, s.listInsurance},
		{"POST", "/api/v1/clients/{id}/insurance", false, s.addInsurance},
		{"PUT", "/api/v1/clients/{id}/insurance/{policy}", false, s.updateInsurance},
		{"DELETE", "/api/v1/clients/{id}/insurance/{policy}", false, s.removeInsurance},
		{"GET", "/api/v1/clients/{id}/tasks", false, s.listTasks},
		{"POST", "/api/v1/clients/{id}/tasks", false, s.createTask},
		{"GET", "/api/v1/clients/{id}/tasks/{task_id}", false, s.getTask},
		{"PATCH", "/api/v1/clients/{id}/tasks/{task_id}", false, s.updateTask},
		{"DELETE", "/api/v1/clients/{id}/tasks/{task_id}", false, s.deleteTask},
		{"GET", "/api/v1/portal/charts/{id}/tasks", true, s.portal(s.portalTasks)},
		{"GET", "/api/v1/portal/charts/{id}/tasks/{task_id}", true, s.portal(s.portalTask)},
		{"POST", "/api/v1/portal/charts/{id}/tasks/{task_id}/done", true, s.portal(s.portalTaskDone)},
		{"POST", "/api/v1/client-imports", false, s.uploadImport},
		{"GET", "/api/v1/client-imports/{id}", false, s.getImport},
		{"PUT", "/api/v1/client-imports/{id}/mapping", false, s.mapImport},
		{"GET", "/api/v1/client-imports/{id}/preview", false, s.previewImport},
		{"POST", "/api/v1/client-imports/{id}/commit", false, s.commitImport},
		{"POST", "/api/v1/client-imports/{id}/undo", false, s.undoImport},
		{"GET", "/api/v1/openapi.json", true, s.openapi},
	}
}

// limitedActions names the routes a person with a temporary password, or without the two-step sign-in
// their practice requires, may still use; account.CheckTemporaryPassword and CheckTwoStepEnrolment decide.
// API tokens get no way around the practice's rule: a token of someone who has not set up two-step
// sign-in reaches only these routes until they have.
var limitedActions = map[string]string{
	"/api/v1/me":                  account.ActionReadSelf,
	"/api/v1/me/password":         account.ActionChangePassword,
	"/api/v1/auth/logout":         account.ActionLogout,
	"/api/v1/me/two-step":         account.ActionTwoStep,
	"/api/v1/me/two-step/setup":   account.ActionTwoStep,
	"/api/v1/me/two-step/confirm": account.ActionTwoStep,
}

// Register adds every API route to mux, plus a JSON 404 for unknown paths under /api/.
func (s *Server) Register(mux *http.ServeMux) {
	for _, rt := range s.Routes() {
		mux.Handle(rt.Method+" "+rt.Path, s.wrap(rt))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, s.Log, model.ErrNotFound)
	})
}

// pollingRoutes answer a page's background polling when asked with ?after=: those requests leave the
// session's last activity as it was (HIPAA automatic logoff).
var pollingRoutes = map[string]bool{
	"GET /api/v1/conversations/{id}/messages": true,
}

func (s *Server) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p model.Principal
		if pollingRoutes[rt.Method+" "+rt.Path] && r.URL.Query().Has("after") {
			// Background polling: it must not count as activity that keeps an idle session alive.
			r = r.WithContext(model.Background(r.Context()))
		}
		if !rt.Public {
			var err error
			if p, err = s.authenticate(r); err == nil {
				err = account.CheckTemporaryPassword(p, limitedActions[rt.Path])
			}
			if err == nil {
				err = account.CheckTwoStepEnrolment(p, limitedActions[rt.Path])
			}
			if err != nil {
				writeError(w, r, s.Log, err)
				return
			}
		}
		if err := rt.h(w, r, p); err != nil {
			writeError(w, r, s.Log, err)
		}
	})
}

// authenticate accepts "Authorization: Bearer tend_…" or the browser's session cookie.
func (s *Server) authenticate(r *http.Request) (model.Principal, error) {
	ip := httpx.ClientIP(r)
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return model.Principal{}, model.ErrUnauthenticated
		}
		return s.Accounts.AuthenticateToken(r.Context(), strings.TrimSpace(token), ip)
	}
	return s.Accounts.Authenticate(r.Context(), s.Cookies.Token(r), ip)
}
