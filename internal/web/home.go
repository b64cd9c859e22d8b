package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"tend/internal/home"
	"tend/internal/model"
)

type homePage struct {
	page
	StaffCount  int
	Greeting    string
	D           home.Dashboard
	Invitations []invitationRow
	PrevSetups  string // link to the previous page of unfinished setups, or ""
	NextSetups  string
}

// invitationRow is an open invitation with how soon it stops working, said in words.
type invitationRow struct {
	model.WaitingInvitation
	Expired bool
	Soon    bool
	Left    string // "expires in 5 hours", "expired"
}

// home is the start page: a working dashboard of what needs a person now, flagged answers first.
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
	setupsPage, _ := strconv.Atoi(r.URL.Query().Get("setups"))
	d, err := home.Service{Clients: s.Clients, Documents: s.Documents, Notes: s.Notes, Plans: s.Plans, Tasks: s.Tasks}.Dashboard(r.Context(), p, home.Query{SetupsPage: max(setupsPage, 1)})
	if err != nil {
		return err
	}
	data := homePage{page: pg, StaffCount: active, Greeting: greeting(pg.Loc.In(d.Now)), D: d}
	for _, inv := range d.Invitations {
		data.Invitations = append(data.Invitations, invitationRow{WaitingInvitation: inv, Expired: inv.Expired(d.Now),
			Soon: inv.ExpiresWithin(d.Now, home.ExpiringWithin), Left: timeLeft(inv.ExpiresAt.Sub(d.Now))})
	}
	if d.SetupsPage > 1 {
		data.PrevSetups = "/?setups=" + strconv.Itoa(d.SetupsPage-1) + "#setups"
	}
	if d.SetupsPage < d.SetupsPages {
		data.NextSetups = "/?setups=" + strconv.Itoa(d.SetupsPage+1) + "#setups"
	}
	s.render(w, r, http.StatusOK, "home", data)
	return nil
}

// greeting is what the day's hour in the practice's time zone calls for.
func greeting(now time.Time) string {
	switch h := now.Hour(); {
	case h < 12:
		return "Good morning"
	case h < 18:
		return "Good afternoon"
	}
	return "Good evening"
}

// timeLeft says how long an invitation still works, in the largest whole unit.
func timeLeft(d time.Duration) string {
	switch {
	case d <= 0:
		return "expired"
	case d < time.Hour:
		return "expires within the hour"
	case d < 48*time.Hour:
		n := int(d / time.Hour)
		return fmt.Sprintf("expires in %d %s", n, plural(n, "hour", "hours"))
	}
	n := int(d / (24 * time.Hour))
	return fmt.Sprintf("expires in %d %s", n, plural(n, "day", "days"))
}
