package api

import (
	"net/http"
	"time"

	"tend/internal/calfeed"
	"tend/internal/model"
)

// calendarFeedJSON is whether the person has a calendar feed (AP-2); url only on the answer that made it.
type calendarFeedJSON struct {
	Exists    bool       `json:"exists"`
	CreatedAt *time.Time `json:"created_at"`
	URL       string     `json:"url,omitempty"`
}

func toCalendarFeed(f calfeed.Feed, url string) calendarFeedJSON {
	out := calendarFeedJSON{Exists: f.Exists, URL: url}
	if f.Exists {
		out.CreatedAt = &f.CreatedAt
	}
	return out
}

// getCalendarFeed says whether the signed-in person has a feed, and since when; never its address.
func (s *Server) getCalendarFeed(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f, err := s.CalendarFeeds.Status(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toCalendarFeed(f, ""))
	return nil
}

// createCalendarFeed makes or replaces the person's feed; its address is in this answer only.
func (s *Server) createCalendarFeed(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f, url, err := s.CalendarFeeds.Create(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toCalendarFeed(f, url))
	return nil
}
