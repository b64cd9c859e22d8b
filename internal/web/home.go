package web

import (
	"net/http"
	"tend/internal/documents"

	"tend/internal/model"
)

type homePage struct {
	page
	StaffCount      int
	Greeting        string
	Incomplete      []model.Client
	IncompleteTotal int
	Missing         []model.Client // groups short of members and minors without a contact (CT-3)
	MissingTotal    int
	Reviews         []documents.Review // finished documents to read (issue 6)
}

// home is the start page: a greeting, what needs attention, and where to go next.
func (s *Server) home(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pg, err := s.base(w, r, p, "Home", "home")
	if err != nil {
		return err
	}
	staff, err := s.Accounts.ListStaff(r.Context(), p)
	if err != nil {
		return err
	}
	active := 0
	for _, st := range staff {
		if st.Active {
			active++
		}
	}
	hour := pg.Loc.In(s.Accounts.Now()).Hour()
	greeting := "Good evening"
	switch {
	case hour < 12:
		greeting = "Good morning"
	case hour < 18:
		greeting = "Good afternoon"
	}
	incomplete, total, err := s.Clients.NeedsAttention(r.Context(), p, 10)
	if err != nil {
		return err
	}
	missing, missingTotal, err := s.Clients.MissingLinks(r.Context(), p, 10)
	if err != nil {
		return err
	}
	reviews, err := s.Documents.ToReview(r.Context(), p, 10)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "home", homePage{page: pg, StaffCount: active, Greeting: greeting, Incomplete: incomplete,
		IncompleteTotal: total, Missing: missing, MissingTotal: missingTotal, Reviews: reviews})
	return nil
}

type comingPage struct {
	page
	Feature string
}

// comingSoon answers a sidebar entry whose feature is not built yet, saying so plainly.
func (s *Server) comingSoon(nav, title string) staffHandler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		pg, err := s.base(w, r, p, title, nav)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, "coming", comingPage{page: pg, Feature: title})
		return nil
	}
}
