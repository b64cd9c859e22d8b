package portal

import (
	"net/http"
	"strings"

	"tend/internal/clientportal"
	"tend/internal/documents"
	chartfiles "tend/internal/files"
	"tend/internal/messaging"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/reflections"
	"tend/internal/store"
	"tend/internal/tasks"
)

// homePage is the portal's start: the charts and practices the person can reach, waiting requests,
// and every chart's documents to do and done.
type homePage struct {
	page
	Home    clientportal.Home
	Notices []store.AccountAccess // one chart of each practice with a banner (PT-7)
	ToDo    []documents.PortalDocument
	Done    []documents.PortalDocument
	Unread  map[string]int // per access: staff messages not read yet (MS-1)
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
	docs, err := s.Documents.PortalChartDocuments(r.Context(), pp, "")
	if err != nil {
		return err
	}
	pg := homePage{page: page{Title: "Your portal", User: &pp}, Home: h, ToDo: docs.ToDo, Done: docs.Done}
	if pg.Unread, err = s.Messages.PortalUnread(r.Context(), pp, h.Charts); err != nil { // one query (MS-1)
		return err
	}
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
	Done   []documents.PortalDocument // finished documents, to read again and download
	Others []store.AccountAccess      // the switcher: the person's other charts
	Loc    model.Locale               // the practice's time zone and date format, for localDate
	// SharedNotes links the chart's shared notes, for a portal user with that permission (PT-7).
	SharedNotes bool
	// Plans links the chart's shared treatment plans when there is one to read (PT-10).
	Plans int
	// Files links the chart's files, for a portal user with the files permission (FL-1, PT-7).
	Files bool
	// Tasks links the chart's tasks, for a portal user with the tasks permission (TK-1).
	Tasks bool
	// Messages links the conversation with the care team, for a portal user with the messaging
	// permission (PT-7, MS-1); Unread is how many of its messages they have not read.
	Messages bool
	Unread   int
}

// chart shows one chart: what to do now, what is completed, appointments, the switcher, and a link to
// who opened the record.
func (s *Server) chart(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	c, err := s.Portal.Chart(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	h, err := s.Portal.Home(r.Context(), pp)
	if err != nil {
		return err
	}
	docs, err := s.Documents.PortalChartDocuments(r.Context(), pp, c.Access.ID)
	if err != nil {
		return err
	}
	plansCount := 0
	for _, d := range docs.ToDo {
		c.ToDo = append(c.ToDo, clientportal.ToDo{Title: d.TemplateName + " — " + strings.ToLower(d.State.Label()), URL: "/portal/d/" + d.ID})
	}
	if plans.SeesPlans(pp, c.Access) {
		l, err := s.Plans.PortalGlance(r.Context(), pp, c.Access.ID)
		if err != nil {
			return err
		}
		for _, p := range l.Plans {
			if p.AwaitsSignature() {
				c.ToDo = append(c.ToDo, clientportal.ToDo{Title: planTitle(p.Version.Content) + " — waiting for your signature",
					URL: "/portal/c/" + c.Access.ID + "/plans/" + p.Plan.ID})
			}
		}
		plansCount = len(l.Plans)
	}
	seesTasks := s.Tasks != nil && tasks.SeesTasks(pp, c.Access)
	if seesTasks { // TK-1: the person's open tasks, never a private to-do or another member's (PT-12)
		l, err := s.Tasks.PortalGlance(r.Context(), pp, c.Access.ID)
		if err != nil {
			return err
		}
		for _, t := range l.Open {
			title := t.Title
			if t.DueOn != "" {
				title += " — due " + c.Access.Loc.Day(t.DueOn)
			}
			c.ToDo = append(c.ToDo, clientportal.ToDo{Title: title, URL: "/portal/c/" + c.Access.ID + "/tasks/" + t.ID})
		}
	}
	pg := chartPage{page: page{Title: c.Access.PracticeName, User: &pp}, C: c, Done: docs.Done, Loc: c.Access.Loc,
		SharedNotes: reflections.SeesShared(pp, c.Access), Plans: plansCount,
		Files: chartfiles.SeesFiles(pp, c.Access), Tasks: seesTasks}
	if pg.Messages = messaging.Sees(pp, c.Access); pg.Messages {
		unread, err := s.Messages.PortalUnread(r.Context(), pp, []store.AccountAccess{c.Access})
		if err != nil {
			return err
		}
		pg.Unread = unread[c.Access.ID]
	}
	for _, o := range h.Charts {
		if o.ID != c.Access.ID {
			pg.Others = append(pg.Others, o)
		}
	}
	if len(h.Requests) > 0 {
		pg.Notice = "A practice asks to connect to your account. Answer it on your portal home."
	}
	s.render(w, r, http.StatusOK, "chart", pg)
	return nil
}

// openedPage is "who opened my record" (PT-11), on its own page.
type openedPage struct {
	page
	O   clientportal.Opened
	Loc model.Locale // the practice's time zone and date format, for localDate
}

// opened shows who at the practice viewed or changed the record, by day and role.
func (s *Server) opened(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	o, err := s.Portal.WhoOpened(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "opened", openedPage{page: page{Title: "Who opened " + recordOf(o.Access), User: &pp}, O: o, Loc: o.Access.Loc})
	return nil
}

// recordOf names a chart's record as its portal user reads it.
func recordOf(a store.AccountAccess) string {
	if a.Role == model.AccessSelf {
		return "my record"
	}
	return a.ChartName + "'s record"
}

// planTitle is a plan's title as the portal names it.
func planTitle(c model.PlanContent) string {
	if c.Title == "" {
		return "Treatment plan"
	}
	return c.Title
}
