// Package web serves the staff pages: server-rendered HTML that works without JavaScript. One route
// table, one file per action; handlers parse the form, call one use case and render a typed page.
package web

import (
	"log/slog"
	"net/http"
	"sync/atomic"

	"tend/internal/account"
	"tend/internal/audit"
	"tend/internal/clients"
	"tend/internal/documents"
	"tend/internal/httpx"
	"tend/internal/outbox"
)

// Server holds the use cases and the parsed templates the pages need.
type Server struct {
	Accounts  *account.Service
	Clients   *clients.Service
	Documents *documents.Service
	Audit     *audit.Reader
	Outbox    *outbox.Outbox
	Cookies   httpx.SessionCookies
	Log       *slog.Logger

	views     *views
	setupDone atomic.Bool // once true it stays true; saves a query per request after first run
}

// New parses the templates and indexes the static files; a broken template fails here, at start-up.
func New(accounts *account.Service, clientRecords *clients.Service, docs *documents.Service, auditReader *audit.Reader, ob *outbox.Outbox,
	cookies httpx.SessionCookies, log *slog.Logger) (*Server, error) {
	v, err := loadViews()
	if err != nil {
		return nil, err
	}
	return &Server{Accounts: accounts, Clients: clientRecords, Documents: docs, Audit: auditReader, Outbox: ob, Cookies: cookies, Log: log, views: v}, nil
}

// Register adds every page route to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/{file}", s.views.serveStatic)

	mux.Handle("GET /setup", s.public(s.setupForm))
	mux.Handle("POST /setup", s.public(s.setupSubmit))
	mux.Handle("GET /login", s.public(s.loginForm))
	mux.Handle("POST /login", s.public(s.loginSubmit))
	mux.Handle("GET /login/forgot", s.public(s.forgotForm))
	mux.Handle("POST /login/forgot", s.public(s.forgotSubmit))
	mux.Handle("GET /login/reset", s.public(s.resetForm))
	mux.Handle("POST /login/reset", s.public(s.resetSubmit))
	mux.Handle("POST /logout", s.staff(s.logout))

	mux.Handle("GET /{$}", s.staff(s.home))
	mux.Handle("GET /clients", s.staff(s.clientList))
	mux.Handle("POST /clients/bulk", s.staff(s.clientBulk))
	mux.Handle("GET /bulk-actions/{id}", s.staff(s.bulkStatus))
	mux.Handle("GET /clients/new", s.staff(s.clientNewForm))
	mux.Handle("POST /clients/new", s.staff(s.clientCreate))
	mux.Handle("GET /clients/{id}", s.staff(s.clientChart))
	mux.Handle("GET /clients/{id}/edit/{section}", s.staff(s.clientEditForm))
	mux.Handle("POST /clients/{id}/edit/{section}", s.staff(s.clientEditSubmit))
	mux.Handle("GET /clients/{id}/setup/{step}", s.staff(s.clientSetupForm))
	mux.Handle("POST /clients/{id}/setup/{step}", s.staff(s.clientSetupSubmit))
	mux.Handle("POST /clients/{id}/state", s.staff(s.clientSetState))
	mux.Handle("GET /clients/{id}/delete", s.staff(s.clientDeleteForm))
	mux.Handle("POST /clients/{id}/delete", s.staff(s.clientDelete))
	mux.Handle("GET /clients/{id}/contacts/new", s.staff(s.contactNewForm))
	mux.Handle("POST /clients/{id}/contacts/new", s.staff(s.contactCreate))
	mux.Handle("GET /clients/{id}/contacts/{contact}", s.staff(s.contactEditForm))
	mux.Handle("POST /clients/{id}/contacts/{contact}", s.staff(s.contactEditSubmit))
	mux.Handle("POST /clients/{id}/contacts/{contact}/remove", s.staff(s.contactRemove))
	mux.Handle("GET /clients/{id}/members/new", s.staff(s.memberNewForm))
	mux.Handle("POST /clients/{id}/members/new", s.staff(s.memberCreate))
	mux.Handle("POST /clients/{id}/members/{member}", s.staff(s.memberUpdate))
	mux.Handle("POST /clients/{id}/members/{member}/remove", s.staff(s.memberRemove))
	mux.Handle("GET /clients/{id}/documents", s.staff(s.manageDocsForm))
	mux.Handle("POST /clients/{id}/documents", s.staff(s.manageDocsSubmit))
	mux.Handle("GET /clients/{id}/documents/{req}", s.staff(s.requestView))
	mux.Handle("GET /clients/{id}/documents/{req}/pdf", s.staff(s.requestPDF))
	mux.Handle("POST /clients/{id}/documents/{req}/resend", s.staff(s.requestAction("resend")))
	mux.Handle("POST /clients/{id}/documents/{req}/review", s.staff(s.requestAction("review")))
	mux.Handle("POST /clients/{id}/portal/invite", s.staff(s.portalInvite))
	mux.Handle("POST /clients/{id}/portal/invitations/{inv}/resend", s.staff(s.portalResend))
	mux.Handle("POST /clients/{id}/portal/invitations/{inv}/delete", s.staff(s.portalDeleteInvitation))
	mux.Handle("POST /clients/{id}/portal/users/{access}/disable", s.staff(s.portalSetEnabled(false)))
	mux.Handle("POST /clients/{id}/portal/users/{access}/enable", s.staff(s.portalSetEnabled(true)))
	mux.Handle("POST /clients/{id}/portal/users/{access}/permissions", s.staff(s.portalPermissions))
	mux.Handle("GET /settings/tags", s.staff(s.tagList))
	mux.Handle("POST /settings/tags", s.staff(s.tagCreate))
	mux.Handle("POST /settings/tags/{id}", s.staff(s.tagRename))
	mux.Handle("POST /settings/tags/{id}/delete", s.staff(s.tagDelete))
	mux.Handle("GET /calendar", s.staff(s.comingSoon("calendar", "Calendar")))
	mux.Handle("GET /documents", s.staff(s.templateList))
	mux.Handle("GET /documents/new", s.staff(s.templateNewForm))
	mux.Handle("POST /documents/new", s.staff(s.templateSave))
	mux.Handle("GET /documents/{id}", s.staff(s.templateView))
	mux.Handle("GET /documents/{id}/edit", s.staff(s.templateEditForm))
	mux.Handle("POST /documents/{id}/edit", s.staff(s.templateSave))
	mux.Handle("POST /documents/{id}/archive", s.staff(s.templateArchive(true)))
	mux.Handle("POST /documents/{id}/restore", s.staff(s.templateArchive(false)))

	mux.Handle("GET /settings", s.staff(s.settingsIndex))
	mux.Handle("GET /settings/practice", s.staff(s.practiceForm))
	mux.Handle("POST /settings/practice", s.staff(s.practiceSubmit))
	mux.Handle("GET /settings/staff", s.staff(s.staffList))
	mux.Handle("POST /settings/staff", s.staff(s.staffAdd))
	mux.Handle("GET /settings/staff/{id}", s.staff(s.staffEditForm))
	mux.Handle("POST /settings/staff/{id}", s.staff(s.staffEditSubmit))
	mux.Handle("POST /settings/staff/{id}/active", s.staff(s.staffSetActive))
	mux.Handle("GET /settings/password", s.staff(s.passwordForm))
	mux.Handle("POST /settings/password", s.staff(s.passwordSubmit))
	mux.Handle("GET /settings/tokens", s.staff(s.tokenList))
	mux.Handle("POST /settings/tokens", s.staff(s.tokenCreate))
	mux.Handle("POST /settings/tokens/{id}/revoke", s.staff(s.tokenRevoke))
	mux.Handle("GET /settings/audit", s.staff(s.auditList))
	mux.Handle("GET /settings/mail", s.staff(s.mailLog))
	mux.Handle("POST /settings/mail/test", s.staff(s.mailTest))
	mux.Handle("POST /settings/mail/{id}/retry", s.staff(s.mailRetry))
	mux.Handle("GET /settings/audit/export", s.staff(s.auditExport))

	mux.Handle("/", s.public(func(w http.ResponseWriter, r *http.Request) error {
		s.renderError(w, r, nil, http.StatusNotFound)
		return nil
	}))
}
