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
	"tend/internal/httpx"
	"tend/internal/model"
)

// Server holds the portal use cases and the parsed templates.
type Server struct {
	Portal    *clientportal.Service
	Documents *documents.Service
	Cookies   httpx.SessionCookies // the portal's own cookie
	Log       *slog.Logger
	views     *views
}

// New parses the templates; asset maps a static file's name to its served address (the staff pages
// serve the shared style sheet). A broken template fails here, at start-up.
func New(svc *clientportal.Service, docs *documents.Service, cookies httpx.SessionCookies, log *slog.Logger, asset func(string) (string, error)) (*Server, error) {
	v, err := loadViews(asset)
	if err != nil {
		return nil, err
	}
	return &Server{Portal: svc, Documents: docs, Cookies: cookies, Log: log, views: v}, nil
}

// Register adds every portal route to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.Handle("GET /portal/login", s.public(s.loginForm))
	mux.Handle("POST /portal/login", s.public(s.loginSubmit))
	mux.Handle("GET /portal/register", s.public(s.registerForm))
	mux.Handle("POST /portal/register", s.public(s.registerSubmit))
	mux.Handle("GET /portal/forgot", s.public(s.forgotForm))
	mux.Handle("POST /portal/forgot", s.public(s.forgotSubmit))
	mux.Handle("GET /portal/reset", s.public(s.resetForm))
	mux.Handle("POST /portal/reset", s.public(s.resetSubmit))
	mux.Handle("GET /portal/join/{slug}", s.public(s.joinForm))
	mux.Handle("POST /portal/join/{slug}", s.public(s.joinSubmit))
	mux.Handle("GET /portal/join/{slug}/complete", s.public(s.joinCompleteForm))
	mux.Handle("POST /portal/join/{slug}/complete", s.public(s.joinCompleteSubmit))
	mux.Handle("GET /portal/email", s.public(s.emailConfirmForm))
	mux.Handle("POST /portal/email", s.public(s.emailConfirm))
	mux.Handle("GET /portal/account", s.signedIn(s.accountForm))
	mux.Handle("POST /portal/account/password", s.signedIn(s.accountPassword))
	mux.Handle("POST /portal/account/email", s.signedIn(s.accountEmail))
	mux.Handle("POST /portal/logout", s.signedIn(s.logout))
	mux.Handle("GET /portal", s.signedIn(s.home))
	mux.Handle("GET /portal/{$}", s.signedIn(s.home))
	mux.Handle("POST /portal/requests/{id}/{answer}", s.signedIn(s.answer))
	mux.Handle("GET /portal/c/{id}", s.signedIn(s.chart))
	mux.Handle("GET /portal/d/{id}", s.signedIn(s.document))
	mux.Handle("POST /portal/d/{id}", s.signedIn(s.documentSubmit))
	mux.Handle("GET /portal/d/{id}/pdf", s.signedIn(s.documentPDF))
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
