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

// mailListJSON is one page of the Mail log, paged by key (page: the next_page or prev_page of another).
type mailListJSON struct {
	Items       []mailJSON `json:"items"`
	Total       int        `json:"total"`        // the practice's messages, counted up to store.CountCap
	TotalCapped bool       `json:"total_capped"` // more than total
	PerPage     int        `json:"per_page"`
	NextPage    string     `json:"next_page"` // older messages
	PrevPage    string     `json:"prev_page"` // newer messages
}

// listMail lists the practice's outgoing email, newest first (owners).
func (s *Server) listMail(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	lp, err := s.Outbox.Log(r.Context(), p, r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	out := mailListJSON{Items: make([]mailJSON, 0, len(lp.Messages)), Total: lp.Total, TotalCapped: lp.Capped, PerPage: lp.PerPage,
		NextPage: lp.Older, PrevPage: lp.Newer}
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
