package web

import (
	"errors"
	"log/slog"
	"net/http"

	"tend/internal/httpx"
	"tend/internal/model"
)

type errorPage struct {
	page
	Status  int
	Message string
}

// renderError shows an error page. status 0 means "choose from err" through httpx.Classify.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error, status int) {
	p := httpx.Problem{Status: status}
	if status == 0 {
		var internal bool
		p, internal = httpx.Classify(err)
		if internal {
			s.Log.ErrorContext(r.Context(), "page failed", slog.String("route", r.Pattern), slog.Any("error", err))
		}
		if errors.Is(err, model.ErrUnauthenticated) {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
	}
	if p.Message == "" {
		p.Message = "There is nothing here. The address may be wrong, or the page was removed."
	}
	title := map[int]string{403: "Not allowed", 404: "Not found", 500: "Something went wrong"}[p.Status]
	if title == "" {
		title = "Something went wrong"
	}
	s.render(w, r, p.Status, "error", errorPage{page: page{Title: title}, Status: p.Status, Message: p.Message})
}
