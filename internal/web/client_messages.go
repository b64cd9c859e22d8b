package web

import (
	"net/http"
	"strconv"

	"tend/internal/model"
)

// loadMessagesTab puts the chart's unread count on the Messages tab's label (one query) and, when the
// chart opens on that tab, its conversations.
func (s *Server) loadMessagesTab(r *http.Request, p model.Principal, data *chartPage) error {
	if !data.SeesMessages {
		return nil
	}
	unread, err := s.Messages.UnreadByChart(r.Context(), p, []string{data.C.ID})
	if err != nil {
		return err
	}
	for i, t := range data.Tabs {
		if t.Key == "messages" && unread[data.C.ID] > 0 {
			data.Tabs[i].Label += " (" + strconv.Itoa(unread[data.C.ID]) + " unread)"
		}
	}
	if data.Tab != "messages" {
		return nil
	}
	m, err := s.Messages.OfChart(r.Context(), p, data.C.ID)
	if err != nil {
		return err
	}
	data.Messages = &m
	return nil
}
