package api

import (
	"net/http"
	"time"

	"tend/internal/model"
)

// mailJSON is one outgoing message as the Mail log shows it, without its bodies.
type mailJSON struct {
	ID        string     `json:"id"`
	To        string     `json:"to"`
	Subject   string     `json:"subject"`
	State     string     `json:"state"`
	LastError string     `json:"last_error"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at"`
}

// listMail lists the practice's outgoing email, newest first (owners).
func (s *Server) listMail(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	problems := model.Problems{}
	page := queryInt(problems, r.URL.Query().Get("page"), "page")
	if err := problems.Err(); err != nil {
		return err
	}
	lp, err := s.Outbox.Log(r.Context(), p, page)
	if err != nil {
		return err
	}
	out := list[mailJSON]{Items: make([]mailJSON, 0, len(lp.Messages)), Total: lp.Total, Page: lp.Page, PerPage: lp.PerPage}
	for _, m := range lp.Messages {
		var sent *time.Time
		if !m.SentAt.IsZero() {
			sent = &m.SentAt
		}
		out.Items = append(out.Items, mailJSON{m.ID, m.To, m.Subject, m.State, m.LastError, m.CreatedAt, sent})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// retryMail queues a failed message again (owners).
func (s *Server) retryMail(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Outbox.Retry(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// testMail queues a test message to the caller (owners).
func (s *Server) testMail(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Outbox.SendTest(r.Context(), p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}
