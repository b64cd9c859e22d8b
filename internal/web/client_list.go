package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tend/internal/authz"
	"tend/internal/clients"
	"tend/internal/model"
	"tend/internal/store"
)

// clientRow is a client as a row of the list. What the row shows is worked out here, once, as plain
// strings and flags in a flat struct: the template runs 25 rows a page, and each method, function or
// field it reaches per row goes through reflection, slower for a field of an embedded struct (issue 19:
// the template was a third of the page's time).
type clientRow struct {
	ID, Pronouns  string
	Email, Phone  string
	Tags          []model.Tag
	DisplayName   string // Client.Name
	ClinicianName string
	KindBadge     string        // "Minor", "Couple / family · 3", or ""
	EmailBreaks   template.HTML // the email as it may wrap: after "@", then before dots, never letter by letter
	StatusKey     string        // the status badge's class and label
	StatusLabel   string
	PortalKey     string // the portal's state beside the status, "" when it has none
	PortalLabel   string
	Joined        string // the join date in the practice's time zone
	Balance       string // the balance in the practice's currency
	Owes          bool   // the balance is owed (it shows as such)
	// The row's menu (LS-1): Open, Invite to portal, a change of state, Delete.
	InviteLabel  string // "" when the chart cannot be invited (not in care, already registered, read only)
	StateActions []rowAction
	CanDelete    bool
	// The badges (LS-4): HasBadges when any shows.
	HasBadges       bool
	ToReview        int // finished documents nobody has reviewed yet
	Flagged         int // of those, how many carry a flag
	SetupIncomplete bool
	LateNotes       bool // a session note is unsigned past the practice's limit (LS-4, issue 14)
	OverdueTasks    int  // open tasks past their due date (LS-4, TK-1)
	Unread          int  // messages from portal users the person has not read (LS-4, MS-1)
}

// rowAction is a change of state offered in a row's menu.
type rowAction struct {
	Action, Label string
}

// newClientRow is a client as a row of the list, with the actions the person may take on it.
func newClientRow(c model.Client, clinician string, canChange, canDelete bool, loc model.Locale) clientRow {
	st := c.Status()
	joined, _ := model.LocalDate(c.CreatedAt, loc) // a time.Time never fails
	row := clientRow{ID: c.ID, Pronouns: c.Pronouns, Email: c.Email, Phone: c.Phone, Tags: c.Tags, DisplayName: c.Name(), ClinicianName: clinician, EmailBreaks: emailBreaks(c.Email),
		StatusKey: string(st), StatusLabel: st.Label(), PortalKey: c.PortalKey(), PortalLabel: c.PortalLabel(),
		Joined: joined, Balance: loc.Money(c.BalanceCents), Owes: c.BalanceCents > 0,
		CanDelete: canDelete, ToReview: c.ToReview, Flagged: c.Flagged, SetupIncomplete: !c.SetupComplete()}
	switch {
	case c.IsMinor():
		row.KindBadge = "Minor"
	case c.IsGroup():
		row.KindBadge = "Couple / family · " + strconv.Itoa(c.MemberCount)
	}
	if canChange {
		row.InviteLabel, row.StateActions = rowActions(c)
	}
	return row
}

// withBadges sets the row's badges and whether any shows.
func (row *clientRow) withBadges(b store.Attention, seesMessages bool) {
	row.LateNotes, row.OverdueTasks = b.LateNotes, b.OverdueTasks
	if seesMessages {
		row.Unread = b.Unread
	}
	row.HasBadges = row.Unread > 0 || row.Flagged > 0 || row.ToReview > 0 || row.SetupIncomplete || row.LateNotes || row.OverdueTasks > 0
}

// rowActions are the portal invitation and changes of state a row's menu offers on c.
func rowActions(c model.Client) (invite string, actions []rowAction) {
	switch c.State {
	case model.StateActive:
		switch c.PortalState {
		case model.PortalNone:
			invite = "Invite to portal"
		case model.PortalInvited:
			invite = "Portal invitation"
		}
		actions = append(actions, rowAction{clients.ActionDeactivate, "Deactivate"})
	case model.StateInactive:
		actions = append(actions, rowAction{clients.ActionReactivate, "Reactivate"})
	}
	if c.State == model.StateArchived {
		actions = append(actions, rowAction{clients.ActionRestore, "Restore"})
	} else {
		actions = append(actions, rowAction{clients.ActionArchive, "Archive"})
	}
	return invite, actions
}

// sortLink is a sortable column's heading: the link that sorts by it (flipping the direction when the
// list is already sorted so) and, when it is the current sort, which way.
type sortLink struct {
	Label, URL string
	Direction  string // "ascending", "descending" or "" when the list is not sorted by this column
}

// sortChoices are the sorts offered in the filter form, each way round.
var sortChoices = []statusOption{
	{Value: "name", Label: "Name, A to Z"}, {Value: "-name", Label: "Name, Z to A"},
	{Value: "status", Label: "Status (Active first)"}, {Value: "-status", Label: "Status (Archived first)"},
	{Value: "clinician", Label: "Clinician, A to Z"}, {Value: "-clinician", Label: "Clinician, Z to A"},
	{Value: "-joined", Label: "Joined, newest first"}, {Value: "joined", Label: "Joined, oldest first"},
}

// sortLabels name the sortable columns.
var sortLabels = map[string]string{"name": "Name", "status": "Status", "clinician": "Clinician", "joined": "Joined"}

// emailBreaks lets a long email wrap between its two halves, "name@" and "example.org", each kept whole
// while it fits and broken before a dot when it does not: never letter by letter.
func emailBreaks(email string) template.HTML {
	local, domain, found := strings.Cut(email, "@")
	part := func(s string) string {
		return `<span class="addr">` + strings.ReplaceAll(template.HTMLEscapeString(s), ".", "<wbr>.") + `</span>`
	}
	if !found {
		return template.HTML(part(email))
	}
	return template.HTML(part(local+"@") + "<wbr>" + part(domain))
}

type statusOption struct {
	Value, Label string
	Checked      bool
}

type clientListPage struct {
	page
	Rows        []clientRow
	Total       int
	Query       clients.ListQuery
	Form        form
	Statuses    []statusOption
	Tags        []model.Tag // names only: counting each tag's clients is the Tags page's work
	Clinicians  []model.Staff
	Sorts       []sortLink     // the sortable columns' headings, in store.SortKeys order
	SortOptions []statusOption // the same sorts as a choice, for narrow screens where the table is cards
	SortedBy    string         // the current sort in words, for the table's caption
	PrevURL     string
	NextURL     string
	First, Last int    // the positions of the page's first and last rows, from 1
	TotalText   string // how many match, "2,000+" past the count's cap
	StateQuery  string // the list's query string, carried by the bulk form
	ExportURL   string // the CSV of every client matching the list's filters (IM-2); "" when not allowed
	CanDelete   bool
	BackURL     string // the list as it is, where a row's change of state returns
	BulkMessage string
}

// countText is a count as the list shows it: "1,234", or "2,000+" when counting stopped at the cap.
func countText(n int, capped bool) string {
	s := model.Commas(n)
	if capped {
		s += "+"
	}
	return s
}

// listQuery reads the list's whole state from the URL (LS-3: the URL can be bookmarked).
func listQuery(v url.Values) clients.ListQuery {
	lq := clients.ListQuery{Q: v.Get("q"), TagID: v.Get("tag"), ClinicianID: v.Get("clinician"), Sort: v.Get("sort"),
		Kind: model.ChartKind(v.Get("kind"))}
	for _, st := range v["status"] {
		lq.Statuses = append(lq.Statuses, model.Status(st))
	}
	lq.Page = v.Get("page")
	return lq
}

// clientList shows the client list with search, filters, sorting, pages and bulk actions.
func (s *Server) clientList(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	refresh := r.Header.Get("X-Tend-Partial") == "results" // search-as-you-type asks for the results region only
	data, err := s.clientListData(w, r, p, r.URL.Query(), refresh)
	if err != nil {
		return err
	}
	name := "clients"
	if refresh {
		name = "clients_results"
	}
	status := http.StatusOK
	if len(data.Form.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, name, data)
	return nil
}

func (s *Server) clientListData(w http.ResponseWriter, r *http.Request, p model.Principal, v url.Values, refresh bool) (clientListPage, error) {
	pg, err := s.base(w, r, p, "Clients", "clients")
	if err != nil {
		return clientListPage{}, err
	}
	lq := listQuery(v)
	lq.Refresh = refresh
	lq.Badges = true // the rows' late-note, overdue-task and unread badges, in the page's badge statement
	f := newForm()
	f.Values["q"] = lq.Q
	res, err := s.Clients.List(r.Context(), p, lq)
	if err != nil && !validation(err, &f) {
		return clientListPage{}, err
	}
	lq.Normalize()
	staff, err := s.Accounts.ListStaff(r.Context(), p)
	if err != nil {
		return clientListPage{}, err
	}
	names := map[string]string{}
	var clinicians []model.Staff
	for _, st := range staff {
		names[st.ID] = st.Name
		if authz.Assignable(st) {
			clinicians = append(clinicians, st)
		}
	}
	tags, err := s.Clients.TagNames(r.Context(), p)
	if err != nil {
		return clientListPage{}, err
	}
	data := clientListPage{page: pg, Total: res.Total, Query: lq, Form: f, Tags: tags, Clinicians: clinicians,
		First: res.First, Last: res.First + len(res.Clients) - 1, TotalText: countText(res.Total, res.Capped), CanDelete: pg.Can.DeleteCharts}
	data.BackURL = "/clients?" + v.Encode()
	data.Rows = make([]clientRow, 0, len(res.Clients))
	for _, c := range res.Clients {
		row := newClientRow(c, names[c.AssignedClinicianID], res.Changeable[c.ID], res.CanDelete, pg.Loc)
		row.withBadges(res.Badges[c.ID], pg.SeesMessages)
		data.Rows = append(data.Rows, row)
	}
	checked := map[model.Status]bool{}
	for _, st := range lq.Statuses {
		checked[st] = true
	}
	for _, st := range model.Statuses() {
		data.Statuses = append(data.Statuses, statusOption{string(st), st.Label(), checked[st]})
	}
	link := func(change func(u url.Values)) string {
		u := url.Values{}
		for k, vals := range v {
			u[k] = append([]string(nil), vals...)
		}
		change(u)
		return "/clients?" + u.Encode()
	}
	for _, o := range sortChoices {
		data.SortOptions = append(data.SortOptions, statusOption{o.Value, o.Label, o.Value == lq.Sort})
	}
	for _, key := range store.SortKeys() {
		next, dir := key, ""
		if key == "joined" {
			next = "-joined" // newest first is what a click on a date column is for
		}
		switch lq.Sort {
		case key:
			next, dir = "-"+key, "ascending"
		case "-" + key:
			next, dir = key, "descending"
		}
		data.Sorts = append(data.Sorts, sortLink{Label: sortLabels[key], URL: link(func(u url.Values) { u.Set("sort", next); u.Del("page") }), Direction: dir})
		if dir != "" {
			data.SortedBy = strings.ToLower(sortLabels[key]) + ", " + dir
		}
	}
	if res.Prev != "" {
		data.PrevURL = link(func(u url.Values) { u.Set("page", res.Prev) })
	}
	if res.Next != "" {
		data.NextURL = link(func(u url.Values) { u.Set("page", res.Next) })
	}
	state := url.Values{}
	for k, vals := range v {
		if k != "page" {
			state[k] = vals
		}
	}
	data.StateQuery = state.Encode()
	if pg.Can.ExportClients {
		data.ExportURL = "/clients/export.csv?" + data.StateQuery
	}
	return data, nil
}
