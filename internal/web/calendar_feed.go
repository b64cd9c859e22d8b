package web

import (
	"net/http"
	"strings"

	"tend/internal/calfeed"
	"tend/internal/httpx"
	"tend/internal/model"
)

type calendarFeedPage struct {
	page
	Feed calfeed.Feed
	URL  string // the new address, on the answer that made it only
}

// calendarFeed shows whether the person has a calendar feed (AP-2); its address is not known any more.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	return s.renderCalendarFeed(w, r, p, "")
}

// calendarFeedCreate makes (or replaces) the person's feed and shows its address this once.
func (s *Server) calendarFeedCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	_, url, err := s.CalendarFeeds.Create(r.Context(), p)
	if err != nil {
		return err
	}
	return s.renderCalendarFeed(w, r, p, url)
}

func (s *Server) renderCalendarFeed(w http.ResponseWriter, r *http.Request, p model.Principal, url string) error {
	f, err := s.CalendarFeeds.Status(r.Context(), p)
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Calendar feed", "settings")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "calendar_feed", calendarFeedPage{page: pg, Feed: f, URL: url})
	return nil
}

// calendarFeedICS answers a feed address: no session, the token in the path is the key (AP-2). An
// unknown or replaced token is a plain 404.
func (s *Server) calendarFeedICS(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		return model.ErrNotFound
	}
	body, err := s.CalendarFeeds.Render(r.Context(), token, httpx.ClientIP(r))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", `inline; filename="tend.ics"`)
	_, err = w.Write(body)
	return err
}
