package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"tend/internal/account"
	"tend/internal/httpx"
	"tend/internal/model"
)

// publicHandler is a page that needs no sign-in.
type publicHandler func(w http.ResponseWriter, r *http.Request) error

// staffHandler is a page for a signed-in staff member.
type staffHandler func(w http.ResponseWriter, r *http.Request, p model.Principal) error

// gateSetup sends every page to /setup until the installation is set up, and /setup away once it is.
// It reports whether the request was answered.
func (s *Server) gateSetup(w http.ResponseWriter, r *http.Request) bool {
	if !s.setupDone.Load() {
		needs, err := s.Accounts.NeedsSetup(r.Context())
		if err != nil {
			s.renderError(w, r, err, 0)
			return true
		}
		if !needs {
			s.setupDone.Store(true)
		}
	}
	isSetup := r.URL.Path == "/setup"
	switch {
	case !s.setupDone.Load() && !isSetup:
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
		return true
	case s.setupDone.Load() && isSetup:
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return true
	}
	return false
}

func (s *Server) public(h publicHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.gateSetup(w, r) {
			return
		}
		if err := h(w, r); err != nil {
			s.renderError(w, r, err, 0)
		}
	})
}

func (s *Server) staff(h staffHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.gateSetup(w, r) {
			return
		}
		p, err := s.Accounts.Authenticate(r.Context(), s.Cookies.Token(r), httpx.ClientIP(r))
		if errors.Is(err, model.ErrUnauthenticated) {
			if s.Cookies.Token(r) != "" {
				s.Cookies.Clear(w)
				s.setFlash(w, "Your session ended. Sign in again to continue.")
			}
			next := ""
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				next = "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, "/login"+next, http.StatusSeeOther)
			return
		}
		if err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		if account.CheckTemporaryPassword(p, limitedActions[r.URL.Path]) != nil {
			s.setFlash(w, "Choose your own password before you go on: the one you were given is temporary.")
			http.Redirect(w, r, "/settings/password", http.StatusSeeOther)
			return
		}
		if account.CheckTwoStepEnrolment(p, limitedActions[r.URL.Path]) != nil {
			s.setFlash(w, "Your practice requires two-step sign-in. Set it up before you go on.")
			http.Redirect(w, r, "/settings/two-step", http.StatusSeeOther)
			return
		}
		if err := h(w, r, p); err != nil {
			s.renderError(w, r, err, 0)
		}
	})
}

// limitedActions names the pages a person with a temporary password, or without the two-step sign-in
// their practice requires, may still use; account.CheckTemporaryPassword and CheckTwoStepEnrolment decide.
var limitedActions = map[string]string{
	"/settings/password":         account.ActionChangePassword,
	"/logout":                    account.ActionLogout,
	"/settings/two-step":         account.ActionTwoStep,
	"/settings/two-step/setup":   account.ActionTwoStep,
	"/settings/two-step/confirm": account.ActionTwoStep,
}

// safeNext keeps a post-login redirect on this site: a path that starts with one slash, with no scheme,
// host, backslash or control character (browsers drop tabs and newlines, turning "/\t/x" into "//x").
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

// flashCookie carries a one-time notice across a redirect.
const flashCookie = "tend_flash"

// setFlash sets the notice; notices name no person, since cookies travel with every request.
func (s *Server) setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true,
		Secure: s.Cookies.Secure, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// takeFlash reads and clears the notice.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.Cookies.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	msg, err := url.QueryUnescape(c.Value)
	if err != nil {
		return ""
	}
	return msg
}
