package web

import (
	"net/http"
	"net/url"

	"tend/internal/model"
	"tend/internal/outbox"
)

type mailLogPage struct {
	page
	Log     outbox.LogPage
	PrevURL string
	NextURL string
}

// mailLog shows the practice's outgoing email (owners): what went out, what waits, what failed and why.
func (s *Server) mailLog(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	lp, err := s.Outbox.Log(r.Context(), p, r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Mail log", "settings")
	if err != nil {
		return err
	}
	data := mailLogPage{page: pg, Log: lp}
	if lp.Newer != "" {
		data.PrevURL = "/settings/mail?page=" + url.QueryEscape(lp.Newer)
	}
	if lp.Older != "" {
		data.NextURL = "/settings/mail?page=" + url.QueryEscape(lp.Older)
	}
	s.render(w, r, http.StatusOK, "mail_log", data)
	return nil
}

// mailTest queues a test message to the signed-in owner.
func (s *Server) mailTest(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Outbox.SendTest(r.Context(), p); err != nil {
		return err
	}
	s.setFlash(w, "A test message is on its way to your email address. It shows below as it goes out.")
	http.Redirect(w, r, "/settings/mail", http.StatusSeeOther)
	return nil
}

// mailRetry queues a failed message again.
func (s *Server) mailRetry(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Outbox.Retry(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	s.setFlash(w, "The message is queued again.")
	http.Redirect(w, r, "/settings/mail", http.StatusSeeOther)
	return nil
}
