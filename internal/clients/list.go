package clients

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// ListQuery is a client-list request as the pages and the API receive it (LS-2, LS-3).
type ListQuery struct {
	Q           string         // any part of chosen or legal name, email, phone digits or tag
	Statuses    []model.Status // empty means Active and Pending
	TagID       string
	ClinicianID string          // a staff id, or "none" for unassigned
	Kind        model.ChartKind // individual, minor or group; empty for all
	Sort        string          // name, status, clinician or joined; "-" before it for the other direction
	Page        string          // where the page is: "" for the first, else a ListPage's Next or Prev
	PerPage     int
	// Refresh marks a page's results refreshed while the person types: the page load itself was audited,
	// and an event per keystroke would bury the log (and queue every keystroke behind SQLite's writer).
	Refresh bool
	// Badges asks for the list page's other badges too (LS-4: a late note, overdue tasks, unread
	// messages), read in the same statement as the documents' ones (ListPage.Badges).
	Badges bool
}

// ListPage is one page of clients.
type ListPage struct {
	Clients []model.Client
	Total   int  // how many match, counted up to store.CountCap
	Capped  bool // more than store.CountCap match: "2,000+"
	First   int  // the position of the first client in the list, from 1
	PerPage int
	// Next and Prev are the Page values of the pages after and before this one; "" at the ends.
	Next, Prev string
	// Changeable holds the ids of the listed charts the principal may change (a supervisor reads their
	// supervisees' charts only), so a row offers only the actions that will work.
	Changeable map[string]bool
	CanDelete  bool
	// Badges holds, when ListQuery.Badges asked, what waits on each listed chart that the principal may
	// learn; charts with nothing waiting are left out.
	Badges map[string]store.Attention
}

// Limits on list pages.
const (
	DefaultPerPage = 25
	MaxPerPage     = 200
)

// Normalize fills defaults and checks the query, returning field problems for what cannot be read.
func (lq *ListQuery) Normalize() model.Problems {
	problems := model.Problems{}
	if len(lq.Statuses) == 0 {
		lq.Statuses = []model.Status{model.StatusActive, model.StatusPending}
	}
	for _, st := range lq.Statuses {
		switch st {
		case model.StatusActive, model.StatusPending, model.StatusInactive, model.StatusArchived:
		default:
			problems.Add("status", "Choose active, pending, inactive or archived.")
		}
	}
	if lq.Sort == "" {
		lq.Sort = "name"
	}
	if key := strings.TrimPrefix(lq.Sort, "-"); !slices.Contains(store.SortKeys(), key) {
		problems.Add("sort", "Sort by "+strings.Join(store.SortKeys(), ", ")+", each with - before it for the other direction.")
	}
	if lq.PerPage == 0 {
		lq.PerPage = DefaultPerPage
	}
	if _, _, err := parsePageKey(lq.Page); err != nil {
		problems.Add("page", "This page address is not one Tend made. Start from the first page.")
	}
	if lq.PerPage < 1 || lq.PerPage > MaxPerPage {
		problems.Add("per_page", fmt.Sprintf("Use from 1 to %d clients a page.", MaxPerPage))
	}
	if len(lq.Q) > 200 {
		problems.Add("q", "Search for at most 200 characters.")
	}
	lq.Q = strings.TrimSpace(lq.Q)
	switch lq.Kind {
	case "", model.KindIndividual, model.KindMinor, model.KindGroup:
	default:
		problems.Add("kind", "Choose individual, minor or group.")
	}
	if lq.TagID != "" && !id.Valid(lq.TagID) {
		problems.Add("tag", "Choose a tag from the list.")
	}
	if lq.ClinicianID != "" && lq.ClinicianID != "none" && !id.Valid(lq.ClinicianID) {
		problems.Add("clinician", "Choose a clinician from the list.")
	}
	return problems
}

func (s *Service) filter(a access, lq ListQuery) store.ClientFilter {
	return store.ClientFilter{
		Dialect: s.Store.DB.Dialect, PracticeID: a.p.PracticeID, Visible: a.visibility(), Terms: model.SearchTerms(lq.Q), Statuses: lq.Statuses,
		TagID: lq.TagID, ClinicianID: lq.ClinicianID, Sort: lq.Sort, Kind: lq.Kind,
	}
}

// List returns one page of the clients the principal may see that match lq, and audits that a list was
// shown (how many, never the search text, which may be a name).
func (s *Service) List(ctx context.Context, p model.Principal, lq ListQuery) (ListPage, error) {
	if err := lq.Normalize().Err(); err != nil {
		return ListPage{}, err
	}
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return ListPage{}, err
	}
	f := s.filter(a, lq)
	f.Limit = lq.PerPage
	key, before, _ := parsePageKey(lq.Page)
	if before {
		f.Before = key
	} else {
		f.After = key
	}
	res, err := store.ListClients(ctx, s.Store.R(), f)
	if err != nil {
		return ListPage{}, err
	}
	list, total := res.Clients, res.Total
	badges, err := s.addAttention(ctx, a, list, lq.Badges)
	if err != nil {
		return ListPage{}, fmt.Errorf("clients: list: %w", err)
	}
	if !lq.Refresh {
		e := s.event(p, "clients.list", "")
		e.RecordType, e.Detail = "client_list", fmt.Sprintf("shown=%d total=%d", len(list), total)
		if res.Capped {
			e.Detail += "+"
		}
		if err := s.recordRead(ctx, e); err != nil {
			return ListPage{}, fmt.Errorf("clients: list: %w", err)
		}
	}
	out := ListPage{Clients: list, Total: total, Capped: res.Capped, First: res.First, PerPage: lq.PerPage,
		Next: pageKey(res.Next, false), Prev: pageKey(res.Prev, true), Changeable: map[string]bool{}, CanDelete: a.canDelete()}
	if lq.Badges {
		out.Badges = badges
	}
	for _, c := range list {
		if a.canChange(c) {
			out.Changeable[c.ID] = true
		}
	}
	return out, nil
}

// addAttention fills the badges of what waits on each chart (LS-4: documents to review, flagged ones), for
// the charts whose documents the principal may read (billing staff never see clinical content), in one
// query for the whole page. With all, the same statement also reads the list page's other badges, each
// only for those who may learn it: late notes (practice-wide readers of clinical notes), overdue tasks
// (those who see tasks) and unread messages (those who use messaging).
func (s *Service) addAttention(ctx context.Context, a access, cs []model.Client, all bool) (map[string]store.Attention, error) {
	aq := store.AttentionQuery{PracticeID: a.p.PracticeID}
	for _, c := range cs {
		if a.can(authz.View, authz.DocumentRequests, c) {
			aq.DocCharts = append(aq.DocCharts, c.ID)
		}
	}
	if all {
		for _, c := range cs {
			aq.Charts = append(aq.Charts, c.ID)
		}
		today := s.Now().In(a.practice.Location()).Format(time.DateOnly)
		if authz.PracticeWide(a.p, authz.View, authz.ClinicalNotes) {
			t, _ := time.Parse(time.DateOnly, today)
			aq.LateCutoff = t.AddDate(0, 0, -a.practice.LateNoteDays).Format(time.DateOnly)
		}
		if authz.Can(a.who, authz.View, authz.On(authz.Tasks)) {
			aq.Today = today
		}
		if authz.Decide(a.who, authz.List, authz.On(authz.Messages)) == nil {
			aq.UnreadOf = a.p.StaffID
		}
	}
	att, err := store.AttentionOf(ctx, s.Store.R(), aq)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		n := att[cs[i].ID]
		cs[i].ToReview, cs[i].Flagged = n.ToReview, n.Flagged
	}
	return att, nil
}

// MatchingIDs returns the ids of every client matching lq that the principal may see ("select all N matching").
func (s *Service) MatchingIDs(ctx context.Context, p model.Principal, lq ListQuery) ([]string, error) {
	if err := lq.Normalize().Err(); err != nil {
		return nil, err
	}
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return nil, err
	}
	return store.ClientIDs(ctx, s.Store.R(), s.filter(a, lq))
}

// NeedsAttention lists up to limit visible clients whose setup is not finished (CL-4), oldest first,
// skipping offset of them, and how many there are.
func (s *Service) NeedsAttention(ctx context.Context, p model.Principal, limit, offset int) ([]model.Client, int, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return nil, 0, err
	}
	return store.IncompleteClients(ctx, s.Store.R(), store.ClientFilter{Dialect: s.Store.DB.Dialect, PracticeID: p.PracticeID,
		Visible: a.visibility(), Offset: offset}, limit)
}

// MissingLinks lists the visible active charts that lost what they need, after a delete (CT-3): groups
// with fewer than two members and minors without a contact.
func (s *Service) MissingLinks(ctx context.Context, p model.Principal, limit int) ([]model.Client, int, error) {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return nil, 0, err
	}
	return store.ChartsMissingLinks(ctx, s.Store.R(), store.ClientFilter{Dialect: s.Store.DB.Dialect, PracticeID: p.PracticeID, Visible: a.visibility()}, limit)
}

// maxPeople bounds the matches offered when choosing an existing person.
const maxPeople = 10

// FindPeople finds people of the practice to link as a contact or member (MN-1, CT-1, GR-1): clients
// the principal may see and people who are only contacts, by any part of their name, email or phone.
func (s *Service) FindPeople(ctx context.Context, p model.Principal, q string) ([]model.Person, error) {
	terms := model.SearchTerms(q)
	if len(terms) == 0 {
		return nil, nil
	}
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return nil, err
	}
	return store.SearchPersons(ctx, s.Store.R(), p.PracticeID, a.visibility(), terms, maxPeople)
}
