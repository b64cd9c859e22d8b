package api

import (
	"net/http"
	"time"

	"tend/internal/documents"
	"tend/internal/home"
	"tend/internal/model"
)

// homeJSON is the staff dashboard (issue 13): flagged documents first, the other documents to review,
// unfinished setups (paged), open portal invitations, and charts missing someone after a delete.
type homeJSON struct {
	Flagged          reviewListJSON       `json:"flagged"`
	ToReview         reviewListJSON       `json:"to_review"`
	UnfinishedSetups list[homeClientJSON] `json:"unfinished_setups"`
	Invitations      invitationsJSON      `json:"invitations"`
	MissingLinks     homeClientsJSON      `json:"missing_links"`
	PlansDue         []homePlanJSON       `json:"plans_due"`
	OverdueTasks     []homeTasksJSON      `json:"overdue_tasks"`
}

// homeTasksJSON is one of the person's charts with overdue tasks: where, how many, since when.
type homeTasksJSON struct {
	ClientID   string `json:"client_id"`
	ClientName string `json:"client_name"`
	Count      int    `json:"count"`
	OldestDue  string `json:"oldest_due"`
}

// homePlanJSON is a treatment plan due for review: where it is and when, nothing of what it says.
type homePlanJSON struct {
	ID         string `json:"id"`
	ClientID   string `json:"client_id"`
	ReviewDate string `json:"review_date"`
}

type reviewListJSON struct {
	Items []reviewJSON `json:"items"`
	Total int          `json:"total"`
}

// reviewJSON is a finished document waiting for review, without its answers (GET the document for those).
type reviewJSON struct {
	ID           string    `json:"id"`
	ClientID     string    `json:"client_id"`
	ClientName   string    `json:"client_name"`
	TemplateName string    `json:"template_name"`
	MemberName   string    `json:"member_name,omitempty"`
	Score        *int      `json:"score"`
	Severity     string    `json:"severity"`
	Flag         string    `json:"flag"`
	CompletedAt  time.Time `json:"completed_at"`
}

// homeClientJSON is a client as the dashboard names them.
type homeClientJSON struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

type homeClientsJSON struct {
	Items []homeClientJSON `json:"items"`
	Total int              `json:"total"`
}

type invitationsJSON struct {
	Items        []waitingInvitationJSON `json:"items"`
	Open         int                     `json:"open"`
	Expired      int                     `json:"expired"`
	ExpiringSoon int                     `json:"expiring_soon"` // within expiring_within_hours
	SoonHours    int                     `json:"expiring_within_hours"`
}

type waitingInvitationJSON struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind"` // invite (a link) or request (to an existing portal account)
	ClientID   string    `json:"client_id"`
	ClientName string    `json:"client_name"`
	PersonName string    `json:"person_name"`
	Role       string    `json:"role"`
	SentAt     time.Time `json:"sent_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	Expired    bool      `json:"expired"`
}

// getHome returns the signed-in staff member's dashboard; ?setups_page= pages the unfinished setups.
func (s *Server) getHome(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	problems := model.Problems{}
	page := queryInt(problems, r.URL.Query().Get("setups_page"), "setups_page")
	if err := problems.Err(); err != nil {
		return err
	}
	d, err := home.Service{Clients: s.Clients, Documents: s.Documents, Notes: s.Notes, Plans: s.Plans, Tasks: s.Tasks}.Dashboard(r.Context(), p, home.Query{SetupsPage: page})
	if err != nil {
		return err
	}
	out := homeJSON{
		Flagged:          reviewList(d.Reviews.Flagged, d.Reviews.FlaggedTotal),
		ToReview:         reviewList(d.Reviews.Others, d.Reviews.OthersTotal),
		UnfinishedSetups: list[homeClientJSON]{Items: homeClients(d.Setups), Total: d.SetupsTotal, Page: d.SetupsPage, PerPage: home.SetupsPerPage},
		Invitations: invitationsJSON{Items: []waitingInvitationJSON{}, Open: d.Invited.Open, Expired: d.Invited.Expired,
			ExpiringSoon: d.Invited.ExpiringSoon, SoonHours: int(home.ExpiringWithin / time.Hour)},
		MissingLinks: homeClientsJSON{Items: homeClients(d.Missing), Total: d.MissingTotal},
		PlansDue:     make([]homePlanJSON, 0, len(d.PlansDue)),
	}
	out.OverdueTasks = make([]homeTasksJSON, 0, len(d.OverdueTasks))
	for _, o := range d.OverdueTasks {
		out.OverdueTasks = append(out.OverdueTasks, homeTasksJSON{ClientID: o.ChartID, ClientName: o.ChartName, Count: o.Count, OldestDue: o.Oldest})
	}
	for _, pl := range d.PlansDue {
		out.PlansDue = append(out.PlansDue, homePlanJSON{ID: pl.ID, ClientID: pl.ChartID, ReviewDate: pl.ReviewDate})
	}
	for _, inv := range d.Invitations {
		out.Invitations.Items = append(out.Invitations.Items, waitingInvitationJSON{ID: inv.InvitationID, Kind: inv.Kind, ClientID: inv.ChartID,
			ClientName: inv.ChartName, PersonName: inv.PersonName, Role: string(inv.Role), SentAt: inv.SentAt, ExpiresAt: inv.ExpiresAt,
			Expired: inv.Expired(d.Now)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func reviewList(rs []documents.Review, total int) reviewListJSON {
	out := reviewListJSON{Items: make([]reviewJSON, 0, len(rs)), Total: total}
	for _, r := range rs {
		out.Items = append(out.Items, reviewJSON{ID: r.ID, ClientID: r.ChartID, ClientName: r.ChartName, TemplateName: r.TemplateName,
			MemberName: r.MemberName, Score: r.Score, Severity: r.Band, Flag: r.Flag, CompletedAt: r.CompletedAt})
	}
	return out
}

func homeClients(cs []model.Client) []homeClientJSON {
	out := make([]homeClientJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, homeClientJSON{ID: c.ID, Kind: string(c.Kind), Name: c.Name(), CreatedAt: c.CreatedAt})
	}
	return out
}
