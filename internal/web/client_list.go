package web

import (
	"net/http"
	"net/url"
	"strconv"

	"tend/internal/authz"
	"tend/internal/clients"
	"tend/internal/model"
	"tend/internal/store"
)

type clientRow struct {
	model.Client
	ClinicianName string
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
	Tags        []store.TagCount
	Clinicians  []model.Staff
	SortName    string // link to sort by name (flips direction when already sorted so)
	SortJoined  string
	PrevURL     string
	NextURL     string
	PageNumber  int
	Pages       int
	StateQuery  string // the list's query string, carried by the bulk form
	CanDelete   bool
	BulkMessage string
}

// listQuery reads the list's whole state from the URL (LS-3: the URL can be bookmarked).
func listQuery(v url.Values) clients.ListQuery {
	lq := clients.ListQuery{Q: v.Get("q"), TagID: v.Get("tag"), ClinicianID: v.Get("clinician"), Sort: v.Get("sort"),
		Kind: model.ChartKind(v.Get("kind"))}
	for _, st := range v["status"] {
		lq.Statuses = append(lq.Statuses, model.Status(st))
	}
	lq.Page, _ = strconv.Atoi(v.Get("page"))
	if lq.Page < 1 {
		lq.Page = 1
	}
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
	tags, err := s.Clients.Tags(r.Context(), p)
	if err != nil {
		return clientListPage{}, err
	}
	data := clientListPage{page: pg, Total: res.Total, Query: lq, Form: f, Tags: tags, Clinicians: clinicians,
		PageNumber: lq.Page, CanDelete: pg.Can.DeleteCharts}
	for _, c := range res.Clients {
		data.Rows = append(data.Rows, clientRow{c, names[c.AssignedClinicianID]})
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
	nameSort, joinedSort := "name", "-joined"
	if lq.Sort == "name" {
		nameSort = "-name"
	}
	if lq.Sort == "-joined" {
		joinedSort = "joined"
	}
	data.SortName = link(func(u url.Values) { u.Set("sort", nameSort); u.Del("page") })
	data.SortJoined = link(func(u url.Values) { u.Set("sort", joinedSort); u.Del("page") })
	per := clients.DefaultPerPage
	data.Pages = max((res.Total+per-1)/per, 1)
	if lq.Page > 1 {
		data.PrevURL = link(func(u url.Values) { u.Set("page", strconv.Itoa(lq.Page-1)) })
	}
	if lq.Page*per < res.Total {
		data.NextURL = link(func(u url.Values) { u.Set("page", strconv.Itoa(lq.Page+1)) })
	}
	state := url.Values{}
	for k, vals := range v {
		if k != "page" {
			state[k] = vals
		}
	}
	data.StateQuery = state.Encode()
	return data, nil
}
