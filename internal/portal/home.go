package portal

import (
	"net/http"
	"strings"

	"tend/internal/clientportal"
	"tend/internal/model"
	"tend/internal/store"
)

// homePage is the portal's start: the charts and practices the person can reach, and waiting requests.
type homePage struct {
	page
	Home    clientportal.Home
	Notices []store.AccountAccess // one chart of each practice with a banner (PT-7)
}

// home lists what the person can reach; with exactly one chart and nothing to answer, it opens it.
func (s *Server) home(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	h, err := s.Portal.Home(r.Context(), pp)
	if err != nil {
		return err
	}
	if len(h.Charts) == 1 && len(h.Requests) == 0 {
		http.Redirect(w, r, "/portal/c/"+h.Charts[0].ID, http.StatusSeeOther)
		return nil
	}
	pg := homePage{page: page{Title: "Your portal", User: &pp}, Home: h}
	seen := map[string]bool{}
	for _, c := range h.Charts {
		if c.PracticeBanner != "" && !seen[c.PracticeID] {
			seen[c.PracticeID] = true
			pg.Notices = append(pg.Notices, c)
		}
	}
	s.render(w, r, http.StatusOK, "home", pg)
	return nil
}

// answer approves or declines a connection request.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	approve := r.PathValue("answer") == "approve"
	if !approve && r.PathValue("answer") != "decline" {
		return model.ErrNotFound
	}
	acc, err := s.Portal.AnswerRequest(r.Context(), pp, r.PathValue("id"), approve)
	if err != nil {
		return err
	}
	if approve {
		http.Redirect(w, r, "/portal/c/"+acc.ID, http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/portal", http.StatusSeeOther)
	return nil
}

// chartPage is one chart's portal home.
type chartPage struct {
	page
	C      clientportal.ChartHome
	Others []store.AccountAccess // the switcher: the person's other charts
	Opened []openedRow
}

type openedRow struct {
	Event  store.ChartStaffEvent
	Change bool
}

// chart shows one chart: what to do now, appointments, who opened the record, and the switcher.
func (s *Server) chart(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	c, err := s.Portal.Chart(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	h, err := s.Portal.Home(r.Context(), pp)
	if err != nil {
		return err
	}
	todo, err := s.Documents.ToDo(r.Context(), pp, c.Access.ID)
	if err != nil {
		return err
	}
	for _, d := range todo {
		c.ToDo = append(c.ToDo, clientportal.ToDo{Title: d.TemplateName + " — " + strings.ToLower(d.State.Label()), URL: "/portal/d/" + d.ID})
	}
	pg := chartPage{page: page{Title: c.Access.PracticeName, User: &pp}, C: c}
	for _, o := range h.Charts {
		if o.ID != c.Access.ID {
			pg.Others = append(pg.Others, o)
		}
	}
	for _, e := range c.WhoOpened {
		pg.Opened = append(pg.Opened, openedRow{e, e.IsChange()})
	}
	if len(h.Requests) > 0 {
		pg.Notice = "A practice asks to connect to your account. Answer it on your portal home."
	}
	s.render(w, r, http.StatusOK, "chart", pg)
	return nil
}
