// Package portal serves the client portal's pages under /portal: its own routes, sign-in, session cookie
// and templates, mobile first. Handlers parse the form, call one use case of package clientportal and
// render a typed page.
package portal

import (
	"errors"
	"log/slog"
	"net/http"

	"tend/internal/clientportal"
	"tend/internal/documents"
	chartfiles "tend/internal/files"
	"tend/internal/httpx"
	"tend/internal/messaging"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/reflections"
	"tend/internal/tasks"
)

// Server holds the portal use cases and the parsed templates.
type Server struct {
	Portal    *clientportal.Service
	Documents *documents.Service
	Cookies   httpx.SessionCookies // the portal's own cookie
	Log       *slog.Logger
	// Reflections serves the chart's shared notes (PT-6, PT-9).
	Reflections *reflections.Service
	// Files are the charts' files (issue 17, item 2).
	Files *chartfiles.Service
	// Plans serves the chart's shared treatment plans and the client's signature (PT-10).
	Plans *plans.Service
	// Tasks serves the chart's tasks and their completion (TK-1).
	Tasks *tasks.Service
	// Messages serves the conversation with the care team (MS-1, issue 17, item 3).
	Messages *messaging.Service
	views    *views
}

// New lists the templates, which are parsed at a page's first use or by WarmPages (a broken template fails
// TestEveryPortalPageParses); asset maps a static file's name to its served address (the staff pages
// serve the shared style sheet).
func New(svc *clientportal.Service, docs *documents.Service, cookies httpx.SessionCookies, log *slog.Logger, asset func(string) (string, error)) (*Server, error) {
	v, err := loadViews(asset)
	if err != nil {
		return nil, err
	}
	return &Server{Portal: svc, Documents: docs, Cookies: cookies, Log: log, views: v}, nil
}

// WarmPages parses every portal page's templates not parsed yet, so no one's first visit to a page waits
// for it; a server calls it after it starts listening (issue 19, item 3: cold start).
func (s *Server) WarmPages() error { return s.views.pages.ParseAll() }

// Route is one entry of the route table: a method and pattern, and its handler.
type Route struct {
	Pattern string // "METHOD /path", as http.ServeMux reads it
	Handler http.Handler
}

// Routes is the portal's route table; Register and the authorization test both read it.
func (s *Server) Routes() []Route {
	return []Route{
		{"GET /portal/login", s.public(s.loginForm)},
		{"POST /portal/login", s.public(s.loginSubmit)},
		{"GET /portal/register", s.public(s.registerForm)},
		{"POST /portal/register", s.public(s.registerSubmit)},
		{"GET /portal/forgot", s.public(s.forgotForm)},
		{"POST /portal/forgot", s.public(s.forgotSubmit)},
		{"GET /portal/reset", s.public(s.resetForm)},
		{"POST /portal/reset", s.public(s.resetSubmit)},
		{"GET /portal/join/{slug}", s.public(s.joinForm)},
		{"POST /portal/join/{slug}", s.public(s.joinSubmit)},
		{"GET /portal/join/{slug}/complete", s.public(s.joinCompleteForm)},
		{"POST /portal/join/{slug}/complete", s.public(s.joinCompleteSubmit)},
		{"GET /portal/email", s.public(s.emailConfirmForm)},
		{"POST /portal/email", s.public(s.emailConfirm)},
		{"GET /portal/account", s.signedIn(s.accountForm)},
		{"POST /portal/account/password", s.signedIn(s.accountPassword)},
		{"POST /portal/account/email", s.signedIn(s.accountEmail)},
		{"POST /portal/logout", s.signedIn(s.logout)},
		{"GET /portal", s.signedIn(s.home)},
		{"GET /portal/{$}", s.signedIn(s.home)},
		{"POST /portal/requests/{id}/{answer}", s.signedIn(s.answer)},
		{"GET /portal/c/{id}", s.signedIn(s.chart)},
		{"GET /portal/c/{id}/opened", s.signedIn(s.opened)},
		{"GET /portal/c/{id}/reflections", s.signedIn(s.sharedNotes)},
		{"GET /portal/c/{id}/reflections/{ref}", s.signedIn(s.sharedNote)},
		{"GET /portal/c/{id}/files", s.signedIn(s.files)},
		{"POST /portal/c/{id}/files", s.signedIn(s.fileUpload)},
		{"GET /portal/c/{id}/files/{file_id}/download", s.signedIn(s.fileDownload)},
		{"GET /portal/c/{id}/files/{file_id}/thumbnail", s.signedIn(s.fileThumb)},
		{"GET /portal/c/{id}/messages", s.signedIn(s.messages)},
		{"POST /portal/c/{id}/messages", s.signedIn(s.messageSend)},
		{"GET /portal/c/{id}/messages/since", background(s.signedIn(s.messagesSince))},
		{"GET /portal/c/{id}/messages/files/{file_id}", s.signedIn(s.messageFile)},
		{"GET /portal/c/{id}/plans", s.signedIn(s.treatmentPlans)},
		{"GET /portal/c/{id}/plans/{plan}", s.signedIn(s.treatmentPlan)},
		{"POST /portal/c/{id}/plans/{plan}/sign", s.signedIn(s.treatmentPlanSign)},
		{"GET /portal/c/{id}/tasks", s.signedIn(s.portalTasks)},
		{"GET /portal/c/{id}/tasks/{task}", s.signedIn(s.portalTask)},
		{"POST /portal/c/{id}/tasks/{task}/done", s.signedIn(s.portalTaskDone)},
		{"GET /portal/d/{id}", s.signedIn(s.document)},
		{"POST /portal/d/{id}", s.signedIn(s.documentSubmit)},
		{"GET /portal/d/{id}/pdf", s.signedIn(s.documentPDF)},
	}
}

// Register adds every portal route to mux, and a not-found page for any other address.
func (s *Server) Register(mux *http.ServeMux) {
	for _, rt := range s.Routes() {
		mux.Handle(rt.Pattern, rt.Handler)
	}
	mux.Handle("/portal/", s.public(func(w http.ResponseWriter, r *http.Request) error { return model.ErrNotFound }))
}

type publicHandler func(w http.ResponseWriter, r *http.Request) error

type portalHandler func(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error

func (s *Server) public(h publicHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

// signedIn requires a portal session; without one the person is sent to the portal's sign-in page.
func (s *Server) signedIn(h portalHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pp, err := s.Portal.Authenticate(r.Context(), s.Cookies.Token(r), httpx.ClientIP(r))
		if errors.Is(err, model.ErrUnauthenticated) {
			to := "/portal/login"
			if s.Cookies.Token(r) != "" {
				s.Cookies.Clear(w)
				to += "?ended=1"
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if err := h(w, r, pp); err != nil {
			s.renderError(w, r, err)
		}
	})
}

type errorPage struct {
	page
	Message string
}

// renderError shows a plain page for an error; internal failures are logged by id, never with content.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	p, internal := httpx.Classify(err)
	if internal {
		s.Log.ErrorContext(r.Context(), "portal page failed", slog.String("route", r.Pattern), slog.Any("error", err))
	}
	if p.Message == "" || p.Status == http.StatusNotFound {
		p.Message = "There is nothing here. The address may be wrong, or this was removed."
	}
	s.render(w, r, p.Status, "error", errorPage{page: page{Title: "Not available"}, Message: p.Message})
}
